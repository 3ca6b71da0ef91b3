package dev.perennial.environments.sandbox;

import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.time.Duration;

/**
 * Turns how a sandboxed process ended into a status and one short sentence for the model. Exit
 * codes above 128 mean "killed by signal (code − 128)": bwrap, unshare and the JDK all report a
 * signalled child that way.
 */
final class Outcome {
  private static final int SIGKILL = 9;
  private static final int SIGSEGV = 11;
  private static final int SIGXCPU = 24;
  private static final int SIGXFSZ = 25;

  /** Why the host killed a process, when it did. */
  enum KillReason { TIMEOUT, CANCELLED, EVICTED }

  record Verdict(Status status, String detail) {}

  private Outcome() {}

  static Verdict of(int exitCode, KillReason killed, String stderr, Duration wallTimeout, Limits limits) {
    if (killed == KillReason.TIMEOUT) {
      return new Verdict(Status.TIMEOUT, "timed out after " + seconds(wallTimeout)
          + " (wall clock); the process and everything it started were killed");
    }
    if (killed == KillReason.CANCELLED) return new Verdict(Status.KILLED, "cancelled; the process was killed");
    if (killed == KillReason.EVICTED) return new Verdict(Status.KILLED, "the interpreter was stopped to free resources");
    if (exitCode == 0) return new Verdict(Status.OK, "");
    if (exitCode == 1 && stderr.startsWith("bwrap:")) {
      return new Verdict(Status.SANDBOX_FAILURE, "the sandbox could not start: " + stderr.lines().findFirst().orElse(""));
    }
    if (mentionsMemory(stderr)) {
      return new Verdict(Status.MEMORY, "out of memory (the limit is " + mib(limits.memoryBytes()) + ")");
    }
    int signal = exitCode > 128 ? exitCode - 128 : 0;
    if (signal == SIGXCPU) {
      return new Verdict(Status.TIMEOUT, "CPU time limit exceeded; the process was killed");
    }
    if (signal == SIGXFSZ) {
      return new Verdict(Status.ERROR, "file size limit of " + mib(limits.fileBytes()) + " exceeded");
    }
    if (signal == SIGSEGV) return new Verdict(Status.KILLED, "crashed (segmentation fault)");
    if (signal == SIGKILL) return new Verdict(Status.KILLED, "killed by SIGKILL (a limit or the code itself)");
    if (signal > 0) return new Verdict(Status.KILLED, "killed by signal " + signal);
    return new Verdict(Status.ERROR, "exit code " + exitCode);
  }

  static boolean mentionsMemory(String stderr) {
    int from = Math.max(0, stderr.length() - 2048);
    String tail = stderr.substring(from);
    return tail.contains("MemoryError") || tail.contains("Cannot allocate memory") || tail.contains("std::bad_alloc");
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format("%.1f s", ms / 1000.0);
  }

  static String mib(long bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
