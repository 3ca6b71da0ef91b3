package dev.perennial.environments.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.sandbox.Outcome.KillReason;
import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One long-lived python interpreter in a sandbox, running successive code blocks in the same
 * globals (the stateful mode of the python tool). It runs {@code driver.py}, which speaks a framed
 * protocol over the process's stdin/stdout (see the driver for the format); the code's own output
 * goes to files in the run directory, so a call that is killed still shows what it printed.
 *
 * <p>A call that runs past its wall timeout, is cancelled, or makes the interpreter die kills the
 * interpreter's whole sandbox; the session is then dead and the pool starts a fresh one for the
 * next call. Blocking reads are bounded by a kill timer on the shared watchdog, never by a thread
 * of our own.
 */
final class PythonSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_HEADER = 1 << 16;

  private final Launcher launcher;
  private final ScheduledExecutorService watchdog;
  private final RunDir dir;
  private final Process process;
  private final DataOutputStream toDriver;
  private final DataInputStream fromDriver;
  private final AtomicReference<KillReason> killed = new AtomicReference<>();
  private final Limits limits;

  private PythonSession(Launcher launcher, ScheduledExecutorService watchdog, RunDir dir, Process process, Limits limits) {
    this.launcher = launcher;
    this.watchdog = watchdog;
    this.dir = dir;
    this.process = process;
    this.limits = limits;
    this.toDriver = new DataOutputStream(process.getOutputStream());
    this.fromDriver = new DataInputStream(process.getInputStream());
  }

  /** Starts an interpreter and waits for its hello; throws with the reason when it cannot. */
  static PythonSession start(Launcher launcher, ScheduledExecutorService watchdog, long memoryBytes, Duration startTimeout,
      Optional<Path> workspace) throws IOException {
    SandboxSettings s = launcher.settings();
    RunDir dir = RunDir.create(s.tempRoot(), workspace);
    try {
      dir.write("driver.py", driverSource());
      // no CPU rlimit on the process: the driver sets a soft limit per call
      Limits limits = new Limits(memoryBytes, 0, s.maxProcesses(), s.maxFileSize(), s.maxOpenFiles(), s.nice());
      Process p = launcher.start(dir, List.of(launcher.isolation().file(dir, "driver.py"), launcher.isolation().io(dir)),
          limits, Launcher.Io.PIPES);
      PythonSession session = new PythonSession(launcher, watchdog, dir, p, limits);
      ScheduledFuture<?> timer = watchdog.schedule(() -> session.kill(KillReason.TIMEOUT), startTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        JsonNode hello = session.readHeader();
        if (!hello.has("hello")) throw new IOException("unexpected first frame " + hello);
        return session;
      } catch (IOException e) {
        session.close();
        String boot = CapturedOutput.read(dir.io().resolve("boot"), 2048, "stderr").strip();
        throw new IOException("the interpreter did not start" + (session.killed.get() != null
            ? " within " + Outcome.seconds(startTimeout) : "") + (boot.isEmpty() ? "" : ": " + boot), e);
      } finally {
        timer.cancel(false);
      }
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  boolean alive() { return killed.get() == null && process.isAlive(); }

  /** Runs one code block; blocks until it ends, times out or is cancelled. */
  SandboxResult execute(SandboxRequest request, long cpuSeconds, CancelSignal cancel) {
    long start = System.nanoTime();
    ScheduledFuture<?> timer = watchdog.schedule(() -> kill(KillReason.TIMEOUT),
        request.wallTimeout().toMillis(), TimeUnit.MILLISECONDS);
    cancel.onCancel(() -> kill(KillReason.CANCELLED));
    try {
      byte[] frame = JSON.writeValueAsBytes(Map.of("code", request.source(), "stdin", request.stdin(),
          "cpu", cpuSeconds, "cap", request.maxOutputBytes()));
      toDriver.writeInt(frame.length);
      toDriver.write(frame);
      toDriver.flush();
      JsonNode h = readHeader();
      String stdout = readStream(h.path("out"), "stdout");
      String stderr = readStream(h.path("err"), "stderr");
      long wall = millisSince(start);
      return switch (h.path("status").asText()) {
        case "ok" -> new SandboxResult(Status.OK, 0, stdout, stderr, wall, 0, "");
        case "memory" -> outOfMemory(stdout, stderr, wall);
        case "exit" -> {
          int code = h.path("exit").asInt();
          yield new SandboxResult(code == 0 ? Status.OK : Status.ERROR, code, stdout, stderr, wall, 0,
              code == 0 ? "" : "exit code " + code);
        }
        default -> Outcome.mentionsMemory(stderr)
            ? outOfMemory(stdout, stderr, wall)
            : new SandboxResult(Status.ERROR, 1, stdout, stderr, wall, 0, h.path("exc").asText("error"));
      };
    } catch (IOException | RuntimeException e) {
      return died(request, millisSince(start));
    } finally {
      timer.cancel(false);
      cancel.clear();
    }
  }

  private SandboxResult outOfMemory(String stdout, String stderr, long wall) {
    return new SandboxResult(Status.MEMORY, 1, stdout, stderr, wall, 0,
        "out of memory (the limit is " + Outcome.mib(limits.memoryBytes()) + ")");
  }

  /** The result of a call during which the interpreter died or was killed: whatever it printed, and why. */
  private SandboxResult died(SandboxRequest request, long wall) {
    kill(null);
    String stdout = CapturedOutput.read(dir.io().resolve("stdout"), request.maxOutputBytes(), "stdout");
    String stderr = CapturedOutput.read(dir.io().resolve("stderr"), request.maxOutputBytes(), "stderr");
    int exit = process.exitValue();
    Outcome.Verdict v = Outcome.of(exit == 0 ? 1 : exit, killed.get(), stderr, request.wallTimeout(), limits);
    Status status = v.status() == Status.OK ? Status.ERROR : v.status();
    String detail = (v.detail().isEmpty() || v.detail().startsWith("exit code")
        ? "the interpreter exited (code " + exit + ")" : v.detail())
        + "; it will be restarted, so variables from earlier calls are gone";
    return new SandboxResult(status, exit == 0 ? -1 : exit, stdout, stderr, wall, 0, detail);
  }

  /** Kills the interpreter's sandbox; the first reason given is the one reported. */
  void kill(KillReason reason) {
    if (reason != null) killed.compareAndSet(null, reason);
    launcher.killTree(process);
  }

  @Override
  public void close() {
    kill(null);
    dir.close();
  }

  private JsonNode readHeader() throws IOException {
    int n = fromDriver.readInt();
    if (n <= 0 || n > MAX_HEADER) throw new IOException("bad frame length " + n);
    byte[] b = new byte[n];
    fromDriver.readFully(b);
    return JSON.readTree(b);
  }

  private String readStream(JsonNode sizes, String name) throws IOException {
    long total = sizes.path(0).asLong(-1);
    int head = sizes.path(1).asInt(-1);
    int tail = sizes.path(2).asInt(-1);
    if (total < 0 || head < 0 || tail < 0 || head + tail > (64 << 20)) throw new IOException("bad stream sizes " + sizes);
    return CapturedOutput.render(readBytes(fromDriver, head), readBytes(fromDriver, tail), total, name);
  }

  private static byte[] readBytes(DataInputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  private static String driverSource() throws IOException {
    try (InputStream in = PythonSession.class.getResourceAsStream("driver.py")) {
      if (in == null) throw new EOFException("driver.py is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
