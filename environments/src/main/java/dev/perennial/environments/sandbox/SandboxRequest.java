package dev.perennial.environments.sandbox;

import java.time.Duration;

/**
 * Code to run: {@code language} ("python"), the source, optional stdin, and the limits that apply.
 *
 * @param wallTimeout   wall-clock limit; the process tree is killed when it passes
 * @param memoryBytes   address-space limit of the process
 * @param maxOutputBytes stdout/stderr are each capped to this many bytes (middle truncated)
 */
public record SandboxRequest(
    String language,
    String source,
    String stdin,
    Duration wallTimeout,
    long memoryBytes,
    int maxOutputBytes) {

  public static SandboxRequest python(String source, Duration timeout) {
    return new SandboxRequest("python", source, "", timeout, 512L << 20, 16 * 1024);
  }

  public SandboxRequest withStdin(String in) {
    return new SandboxRequest(language, source, in, wallTimeout, memoryBytes, maxOutputBytes);
  }
}
