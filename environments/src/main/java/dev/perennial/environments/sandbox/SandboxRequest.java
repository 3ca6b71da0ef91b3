package dev.perennial.environments.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Code to run: {@code language} ("python"), the source, optional stdin, and the limits that apply.
 *
 * @param wallTimeout   wall-clock limit; the process tree is killed when it passes
 * @param memoryBytes   address-space limit of the process
 * @param maxOutputBytes stdout/stderr are each capped to this many bytes (middle truncated)
 * @param workspace     a host directory the code reads and writes as its working directory, kept
 *                      after the run (a Ralph loop's files between attempts); empty: a private tmpfs
 */
public record SandboxRequest(
    String language,
    String source,
    String stdin,
    Duration wallTimeout,
    long memoryBytes,
    int maxOutputBytes,
    Optional<Path> workspace) {

  public SandboxRequest {
    workspace = workspace == null ? Optional.empty() : workspace;
  }

  public SandboxRequest(String language, String source, String stdin, Duration wallTimeout, long memoryBytes, int maxOutputBytes) {
    this(language, source, stdin, wallTimeout, memoryBytes, maxOutputBytes, Optional.empty());
  }

  public static SandboxRequest python(String source, Duration timeout) {
    return new SandboxRequest("python", source, "", timeout, 512L << 20, 16 * 1024);
  }

  public SandboxRequest withStdin(String in) {
    return new SandboxRequest(language, source, in, wallTimeout, memoryBytes, maxOutputBytes, workspace);
  }

  /** The same request run in {@code dir} (an existing host directory) instead of a private tmpfs. */
  public SandboxRequest withWorkspace(Path dir) {
    return new SandboxRequest(language, source, stdin, wallTimeout, memoryBytes, maxOutputBytes, Optional.of(dir));
  }
}
