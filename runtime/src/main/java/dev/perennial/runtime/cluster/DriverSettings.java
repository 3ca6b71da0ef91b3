package dev.perennial.runtime.cluster;

import com.typesafe.config.Config;
import dev.perennial.environments.PackSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code perennial.runtime.driver} block (every key commented in the runtime's reference.conf),
 * read once. A bad value fails here with the key in the message.
 *
 * @param groups total groups to run (0 = until stopped)
 */
public record DriverSettings(
    boolean enabled,
    String role,
    String environment,
    int packSize,
    int groupSize,
    int parallelGroups,
    long groups,
    long seed,
    String agentPrefix,
    String groupPrefix,
    Duration pollInterval,
    Duration askTimeout,
    Duration resumeHaltedAfter) {

  public DriverSettings {
    atLeast("pack-size", packSize, 1);
    atLeast("group-size", groupSize, 1);
    atLeast("parallel-groups", parallelGroups, 1);
    atLeast("groups", groups, 0);
    if (enabled && environment.isBlank()) throw new IllegalArgumentException("perennial.runtime.driver.environment must name an environment");
    if (agentPrefix.isBlank()) throw new IllegalArgumentException("perennial.runtime.driver.agent-prefix must not be empty");
    positive("poll-interval", pollInterval);
    positive("ask-timeout", askTimeout);
    positive("resume-halted-after", resumeHaltedAfter);
  }

  public static DriverSettings from(Config root) {
    Config c = root.getConfig("perennial.runtime.driver");
    return new DriverSettings(c.getBoolean("enabled"), c.getString("role"), c.getString("environment"), c.getInt("pack-size"),
        c.getInt("group-size"), c.getInt("parallel-groups"), c.getLong("groups"), c.getLong("seed"), c.getString("agent-prefix"),
        c.getString("group-prefix"), c.getDuration("poll-interval"), c.getDuration("ask-timeout"), c.getDuration("resume-halted-after"));
  }

  /** The agents of slot {@code slot}: a slot runs its groups one after another on the same agents. */
  public List<String> agentsOf(int slot) {
    List<String> ids = new ArrayList<>(groupSize);
    for (int j = 0; j < groupSize; j++) ids.add(agentPrefix + "-" + slot + "-" + j);
    return ids;
  }

  public String groupId(long group) { return groupPrefix + group; }

  /** Group n's pack: the same spec, so the same pack, however often it is generated. */
  public PackSpec packOf(long group) { return PackSpec.train(seed + group, packSize); }

  /** Episodes one group writes: every run solves each task and updates its hints after all but the last. */
  public int episodesPerGroup() { return groupSize * (2 * packSize - 1); }

  private static void atLeast(String key, long value, long min) {
    if (value < min) throw new IllegalArgumentException("perennial.runtime.driver." + key + " must be >= " + min + ", got " + value);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("perennial.runtime.driver." + key + " must be > 0, got " + d);
  }
}
