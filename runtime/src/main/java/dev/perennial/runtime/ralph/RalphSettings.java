package dev.perennial.runtime.ralph;

import com.typesafe.config.Config;
import dev.perennial.runtime.eval.PackDriver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code perennial.runtime.ralph} block (every key is commented in the runtime module's
 * reference.conf), read once; command-line options of {@code perennial ralph} override its keys.
 */
public record RalphSettings(
    Path ralphDir,
    int maxIterations,
    boolean untilPass,
    Duration attemptTimeout,
    int stagnation,
    boolean workspace,
    Optional<Path> workspacesDir,
    long maxWorkspaceBytes,
    int concurrency,
    long seed,
    int difficulty,
    double temperature,
    Duration pollInterval,
    Duration askTimeout,
    Duration stallTimeout) {

  public RalphSettings {
    if (maxIterations < 1) throw new IllegalArgumentException("perennial.runtime.ralph.max-iterations must be >= 1, got " + maxIterations);
    if (stagnation < 0) throw new IllegalArgumentException("perennial.runtime.ralph.stagnation must be >= 0 (0 = off), got " + stagnation);
    if (concurrency < 1) throw new IllegalArgumentException("perennial.runtime.ralph.concurrency must be >= 1, got " + concurrency);
    if (difficulty < 0) throw new IllegalArgumentException("perennial.runtime.ralph.difficulty must be >= 0, got " + difficulty);
    if (!(temperature >= 0)) throw new IllegalArgumentException("perennial.runtime.ralph.temperature must be >= 0, got " + temperature);
    if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
      throw new IllegalArgumentException("perennial.runtime.ralph.attempt-timeout must be > 0, got " + attemptTimeout);
    }
  }

  public static RalphSettings from(Config config) {
    Config c = config.getConfig("perennial.runtime.ralph");
    String ws = c.getString("workspaces-dir");
    return new RalphSettings(Path.of(c.getString("ralph-dir")), c.getInt("max-iterations"), c.getBoolean("until-pass"),
        c.getDuration("attempt-timeout"), c.getInt("stagnation"), c.getBoolean("workspace"),
        ws.isBlank() ? Optional.empty() : Optional.of(Path.of(ws)), c.getBytes("max-workspace-bytes"), c.getInt("concurrency"),
        c.getLong("seed"), c.getInt("difficulty"), c.getDouble("temperature"), c.getDuration("poll-interval"),
        c.getDuration("ask-timeout"), c.getDuration("stall-timeout"));
  }

  public PackDriver.Settings driver() { return new PackDriver.Settings(concurrency, pollInterval, askTimeout, stallTimeout); }
}
