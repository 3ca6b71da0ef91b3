package dev.perennial.environments.testing;

import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * TEST DOUBLE, not the sandbox: runs {@code python3} in a plain subprocess with a wall-clock
 * timeout and a private temp dir, and nothing else (no memory limit, no network isolation). It
 * lets the verifier tests run real Python until the real sandbox (package {@code sandbox}) lands.
 */
public final class PythonSubprocessRunner implements CodeRunner {
  /** The interpreter behind {@code python3}, resolved once: version-manager shims cost ~150 ms a call. */
  private static final String PYTHON = resolve();

  private static String resolve() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
      String exe = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 && !exe.isEmpty() && Files.isExecutable(Path.of(exe)) ? exe : "python3";
    } catch (IOException e) {
      return "python3";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "python3";
    }
  }

  @Override
  public SandboxResult run(SandboxRequest request) {
    long t0 = System.nanoTime();
    Path dir = null;
    try {
      dir = Files.createTempDirectory("pytest-double");
      Path src = dir.resolve("main.py");
      Files.writeString(src, request.source());
      ProcessBuilder pb = new ProcessBuilder(PYTHON, "-I", "-S", src.toString()).directory(dir.toFile());
      Process p = pb.start();
      Capture out = new Capture(p.getInputStream(), request.maxOutputBytes());
      Capture err = new Capture(p.getErrorStream(), request.maxOutputBytes());
      out.start();
      err.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(request.stdin().getBytes(StandardCharsets.UTF_8));
      } catch (IOException closedEarly) {
        // the program exited without reading its input
      }
      boolean done = p.waitFor(request.wallTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
      }
      out.join();
      err.join();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (!done) return new SandboxResult(SandboxResult.Status.TIMEOUT, -1, out.text(), err.text(), ms);
      int code = p.exitValue();
      return new SandboxResult(code == 0 ? SandboxResult.Status.OK : SandboxResult.Status.ERROR, code, out.text(), err.text(), ms);
    } catch (IOException e) {
      return new SandboxResult(SandboxResult.Status.SANDBOX_FAILURE, -1, "", e.toString(), 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SandboxResult(SandboxResult.Status.KILLED, -1, "", "interrupted", 0);
    } finally {
      if (dir != null) deleteQuietly(dir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind is harmless in a test
    }
  }

  private static final class Capture extends Thread {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Capture(InputStream in, int cap) {
      this.in = in;
      this.cap = cap;
      setDaemon(true);
    }

    @Override
    public void run() {
      byte[] b = new byte[8192];
      try {
        int n;
        while ((n = in.read(b)) > 0) if (buf.size() < cap) buf.write(b, 0, Math.min(n, cap - buf.size()));
      } catch (IOException ignored) {
        // process killed
      }
    }

    String text() { return buf.toString(StandardCharsets.UTF_8); }
  }
}
