package dev.perennial.environments.sandbox;

/**
 * What happened to sandboxed code. {@code status} says how it ended; {@code exitCode} is the
 * process exit code (or −1 when killed); outputs are already capped (middle truncated, with a note
 * saying so). {@code queueMillis} is how long the call waited for a node-wide sandbox slot, and
 * {@code detail} is a short human sentence about a non-OK ending ("" when OK).
 */
public record SandboxResult(
    Status status, int exitCode, String stdout, String stderr, long wallMillis, long queueMillis, String detail) {

  public enum Status {
    /** Ran to the end (exit code may still be non-zero: see {@link #ok()}). */
    OK,
    /** The code raised or exited non-zero. */
    ERROR,
    /** Wall-clock or CPU-time limit passed; the process tree was killed. */
    TIMEOUT,
    /** The address-space limit was hit (MemoryError or an allocation failure). */
    MEMORY,
    /** Stopped from outside (cancelled), or died from a signal nobody asked for. */
    KILLED,
    /** The sandbox itself could not run the code (no isolation available, node busy, bad request). */
    SANDBOX_FAILURE
  }

  public SandboxResult(Status status, int exitCode, String stdout, String stderr, long wallMillis) {
    this(status, exitCode, stdout, stderr, wallMillis, 0, "");
  }

  public SandboxResult {
    stdout = stdout == null ? "" : stdout;
    stderr = stderr == null ? "" : stderr;
    detail = detail == null ? "" : detail;
  }

  public boolean ok() { return status == Status.OK && exitCode == 0; }

  static SandboxResult failure(String detail, long queueMillis) {
    return new SandboxResult(Status.SANDBOX_FAILURE, -1, "", "", 0, queueMillis, detail);
  }

  SandboxResult withQueueMillis(long millis) {
    return new SandboxResult(status, exitCode, stdout, stderr, wallMillis, millis, detail);
  }

  /**
   * The text a model sees: stdout, then stderr, then one line saying why the run did not end
   * normally. Short and plain on purpose: it is injected into the model's context.
   */
  public String modelText() {
    StringBuilder b = new StringBuilder(stdout);
    if (!stderr.isEmpty()) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') b.append('\n');
      b.append(stderr);
    }
    if (!ok()) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '\n') b.append('\n');
      b.append(switch (status) {
        case OK, ERROR -> detail.isEmpty() ? "[exit code " + exitCode + "]" : "[" + detail + "]";
        default -> "[" + (detail.isEmpty() ? status.name().toLowerCase() : detail) + "]";
      });
    }
    return b.toString();
  }
}
