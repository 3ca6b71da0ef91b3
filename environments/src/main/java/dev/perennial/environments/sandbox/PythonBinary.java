package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The python interpreter sandboxes run: its real executable (pyenv shims and venv launchers
 * resolved by asking the interpreter itself) and the directories outside /usr that must be bound
 * read-only into the sandbox for it to start.
 */
record PythonBinary(Path executable, List<Path> extraRoots) {
  PythonBinary {
    extraRoots = List.copyOf(extraRoots);
  }

  /** Resolves {@code configured} ("auto", a name on PATH, or a path); fails with a clear message. */
  static PythonBinary resolve(String configured) {
    Path start;
    if (configured.equals("auto")) {
      Path system = Path.of("/usr/bin/python3");
      start = Files.isExecutable(system) ? system
          : Host.which("python3").orElseThrow(() -> new IllegalStateException(
              "no python3 found (tried /usr/bin/python3 and PATH); install Debian package python3"));
    } else {
      start = Host.which(configured).orElseThrow(() -> new IllegalStateException(
          "perennial.sandbox.python = '" + configured + "' is not an executable file"));
    }
    List<String> facts = ask(start);
    Path executable = Path.of(facts.get(0));
    List<Path> roots = new ArrayList<>();
    for (Path p : List.of(Path.of(facts.get(2)), Path.of(facts.get(1)), executable.getParent())) {
      Path n = p.toAbsolutePath().normalize();
      if (!n.startsWith("/usr") && roots.stream().noneMatch(n::startsWith)) roots.add(n);
    }
    return new PythonBinary(executable, roots);
  }

  private static List<String> ask(Path python) {
    ProcessBuilder pb = new ProcessBuilder(python.toString(), "-I", "-c",
        "import os,sys;print(os.path.realpath(sys.executable));print(sys.prefix);print(sys.base_prefix)");
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(python + " did not answer within 20 s");
      }
      List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
      if (p.exitValue() != 0 || lines.size() < 3) {
        throw new IllegalStateException(python + " failed to start: " + String.join("\n", lines));
      }
      return lines.subList(lines.size() - 3, lines.size());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + python + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + python + " where it lives", e);
    }
  }
}
