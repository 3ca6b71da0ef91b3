package dev.perennial.runtime.eval;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code perennial.runtime.eval} block (every key is commented in the runtime module's
 * reference.conf), read once; command-line options of {@code perennial eval} override its keys.
 */
public record EvalSettings(
    Path evalsDir,
    int packs,
    int packSize,
    int samples,
    int concurrency,
    long seed,
    int difficulty,
    double temperature,
    Duration pollInterval,
    Duration askTimeout,
    Duration stallTimeout,
    boolean skipBadRows) {

  public EvalSettings {
    atLeast("packs", packs, 1);
    atLeast("pack-size", packSize, 1);
    atLeast("samples", samples, 1);
    atLeast("concurrency", concurrency, 1);
    atLeast("difficulty", difficulty, 0);
    if (!(temperature >= 0)) throw new IllegalArgumentException("perennial.runtime.eval.temperature must be >= 0, got " + temperature);
  }

  public static EvalSettings from(Config config) {
    Config c = config.getConfig("perennial.runtime.eval");
    return new EvalSettings(Path.of(c.getString("evals-dir")), c.getInt("packs"), c.getInt("pack-size"), c.getInt("samples"),
        c.getInt("concurrency"), c.getLong("seed"), c.getInt("difficulty"), c.getDouble("temperature"),
        c.getDuration("poll-interval"), c.getDuration("ask-timeout"), c.getDuration("stall-timeout"), c.getBoolean("skip-bad-rows"));
  }

  public PackDriver.Settings driver() { return driver(concurrency); }

  public PackDriver.Settings driver(int agentsAtOnce) {
    return new PackDriver.Settings(agentsAtOnce, pollInterval, askTimeout, stallTimeout);
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) throw new IllegalArgumentException("perennial.runtime.eval." + key + " must be >= " + min + ", got " + value);
  }
}
