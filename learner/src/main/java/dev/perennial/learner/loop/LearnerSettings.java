package dev.perennial.learner.loop;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code perennial.learner.loop} block (every key commented in the learner's reference.conf),
 * read once. A bad value fails here with the key in the message.
 *
 * @param initialCheckpoint weights of version 0 (the SFT output); the learner cannot start without it
 * @param maxSteps          stop training after this many steps (0 = never); episodes after that stay undecided
 */
public record LearnerSettings(
    int groupSize,
    int minRuns,
    int maxStaleness,
    int ppoEpochs,
    int miniBatches,
    Path checkpointDir,
    int keepCheckpoints,
    Path initialCheckpoint,
    List<String> excludeGroupPrefixes,
    Duration incompleteGroupTimeout,
    int maxReadyGroups,
    int publishEvery,
    long maxSteps,
    int snapshotEvery,
    String policyTopic) {

  public LearnerSettings {
    excludeGroupPrefixes = List.copyOf(excludeGroupPrefixes);
    atLeast("group-size", groupSize, 1);
    atLeast("min-runs", minRuns, 1);
    atLeast("max-staleness", maxStaleness, 0);
    atLeast("ppo-epochs", ppoEpochs, 1);
    atLeast("mini-batches", miniBatches, 1);
    atLeast("keep-checkpoints", keepCheckpoints, 1);
    atLeast("max-ready-groups", maxReadyGroups, 1);
    atLeast("publish-every", publishEvery, 1);
    atLeast("snapshot-every", snapshotEvery, 1);
    if (maxSteps < 0) throw new IllegalArgumentException("perennial.learner.loop.max-steps must be >= 0 (0 = no limit)");
    if (incompleteGroupTimeout.isNegative() || incompleteGroupTimeout.isZero()) {
      throw new IllegalArgumentException("perennial.learner.loop.incomplete-group-timeout must be > 0");
    }
    if (policyTopic.isBlank()) throw new IllegalArgumentException("perennial.learner.loop.policy-topic must not be empty");
  }

  public static LearnerSettings from(Config root) {
    Config c = root.getConfig("perennial.learner.loop");
    String initial = c.getString("initial-checkpoint");
    return new LearnerSettings(
        c.getInt("group-size"),
        c.getInt("min-runs"),
        c.getInt("max-staleness"),
        c.getInt("ppo-epochs"),
        c.getInt("mini-batches"),
        Path.of(c.getString("checkpoint-dir")),
        c.getInt("keep-checkpoints"),
        initial.isBlank() ? null : Path.of(initial),
        c.getStringList("exclude-group-prefixes"),
        c.getDuration("incomplete-group-timeout"),
        c.getInt("max-ready-groups"),
        c.getInt("publish-every"),
        c.getLong("max-steps"),
        c.getInt("snapshot-every"),
        c.getString("policy-topic"));
  }

  /** True for groups that are not for training (evaluation, SFT trace generation). */
  public boolean excluded(String groupId) {
    return excludeGroupPrefixes.stream().anyMatch(p -> !p.isEmpty() && groupId.startsWith(p));
  }

  public LearnerSettings withInitialCheckpoint(Path dir) {
    return new LearnerSettings(groupSize, minRuns, maxStaleness, ppoEpochs, miniBatches, checkpointDir, keepCheckpoints, dir,
        excludeGroupPrefixes, incompleteGroupTimeout, maxReadyGroups, publishEvery, maxSteps, snapshotEvery, policyTopic);
  }

  public LearnerSettings withCheckpointDir(Path dir) {
    return new LearnerSettings(groupSize, minRuns, maxStaleness, ppoEpochs, miniBatches, dir, keepCheckpoints, initialCheckpoint,
        excludeGroupPrefixes, incompleteGroupTimeout, maxReadyGroups, publishEvery, maxSteps, snapshotEvery, policyTopic);
  }

  public LearnerSettings withMaxSteps(long steps) {
    return new LearnerSettings(groupSize, minRuns, maxStaleness, ppoEpochs, miniBatches, checkpointDir, keepCheckpoints,
        initialCheckpoint, excludeGroupPrefixes, incompleteGroupTimeout, maxReadyGroups, publishEvery, steps, snapshotEvery,
        policyTopic);
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) throw new IllegalArgumentException("perennial.learner.loop." + key + " must be >= " + min + ", got " + value);
  }
}
