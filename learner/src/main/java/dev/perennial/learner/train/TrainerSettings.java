package dev.perennial.learner.train;

import com.typesafe.config.Config;

/** The trainer's knobs, read once from {@code perennial.learner.train} (see reference.conf). */
public record TrainerSettings(
    LearningRateSchedule schedule,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double maxGradNorm,
    int microBatchSequences,
    int microBatchTokens,
    String device) {

  public TrainerSettings {
    if (weightDecay < 0) throw new IllegalArgumentException("weight-decay must be >= 0");
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) throw new IllegalArgumentException("betas must be in [0, 1)");
    if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0");
    if (microBatchSequences < 1 || microBatchTokens < 2) throw new IllegalArgumentException("micro-batch limits must be positive");
  }

  public static TrainerSettings from(Config c) {
    LearningRateSchedule schedule = new LearningRateSchedule(c.getDouble("learning-rate"), c.getInt("warmup-steps"),
        LearningRateSchedule.Kind.valueOf(c.getString("schedule").toUpperCase()), c.getInt("total-steps"),
        c.getDouble("min-lr-ratio"));
    return new TrainerSettings(schedule, c.getDouble("weight-decay"), c.getDouble("beta1"), c.getDouble("beta2"),
        c.getDouble("epsilon"), c.getDouble("max-grad-norm"), c.getInt("micro-batch-sequences"),
        c.getInt("micro-batch-tokens"), c.getString("device"));
  }

  /** Same settings with another peak learning rate and warm-up (e.g. SFT vs RL phases). */
  public TrainerSettings withSchedule(LearningRateSchedule s) {
    return new TrainerSettings(s, weightDecay, beta1, beta2, epsilon, maxGradNorm, microBatchSequences, microBatchTokens, device);
  }
}
