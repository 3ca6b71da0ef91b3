package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Facts about the machine the sandbox runs on (Linux only). */
final class Host {
  private Host() {}

  /** True when the JVM runs with real uid 0, where RLIMIT_NPROC does not apply and code must not run. */
  static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) return line.split("\\s+")[1].equals("0");
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** Resolves a program name on PATH (or checks an absolute path) to an executable file. */
  static Optional<Path> which(String program) {
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isExecutable(p) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p) && Files.isRegularFile(p)) return Optional.of(p);
    }
    for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Like {@link #which} but fails with a message naming the Debian package that provides it. */
  static Path require(String program, String debianPackage) {
    return which(program).orElseThrow(() -> new IllegalStateException(
        program + " is not installed (Debian package " + debianPackage + ")"));
  }

  /** True while {@code pid} exists and is not a zombie (a zombie is dead, only not yet reaped). */
  static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      char state = close > 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }
}
