package dev.perennial.environments.sandbox;

/**
 * What happened to sandboxed code. {@code status} says how it ended; {@code exitCode} is the
 * process exit code (or −1 when killed); outputs are already capped.
 */
public record SandboxResult(Status status, int exitCode, String stdout, String stderr, long wallMillis) {
  public enum Status { OK, ERROR, TIMEOUT, MEMORY, KILLED, SANDBOX_FAILURE }

  public boolean ok() { return status == Status.OK && exitCode == 0; }
}
