package dev.perennial.runtime.cluster;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The {@code perennial.runtime.training} block of {@link TrainingWorkload} (every key commented in
 * the runtime's reference.conf), read once. A bad value fails here with the key in the message.
 *
 * @param seed       model and shuffling seed of the learner's trainer
 * @param policyPoll how often a node's policy sync asks the learner for its version (a publication can be missed)
 */
public record TrainingSettings(long seed, Duration policyPoll) {
  public TrainingSettings {
    if (policyPoll.isNegative() || policyPoll.isZero()) {
      throw new IllegalArgumentException("perennial.runtime.training.policy-poll must be > 0, got " + policyPoll);
    }
  }

  public static TrainingSettings from(Config root) {
    Config c = root.getConfig("perennial.runtime.training");
    return new TrainingSettings(c.getLong("seed"), c.getDuration("policy-poll"));
  }
}
