package dev.perennial.learner.rl;

/**
 * Group-relative advantages for G responses to one prompt (RL-SPEC §2). GRPO divides by the
 * unbiased (N−1) standard deviation plus 1e-6; Dr. GRPO (Liu et al.) drops the division, which
 * removes the bias towards low-variance prompts. A group of one has no peers: it uses mean 0 and
 * std 1 (as verl does), so its own reward is the signal.
 */
public final class GroupAdvantages {
  /** Added to the standard deviation so a zero-variance group gives 0, not NaN. */
  public static final double EPSILON = 1e-6;

  private GroupAdvantages() {}

  /** GRPO: (R_i − mean) / (std_{N−1} + 1e-6). */
  public static double[] grpo(double[] rewards) {
    requireNonEmpty(rewards);
    double mean = rewards.length == 1 ? 0 : mean(rewards);
    double std = rewards.length == 1 ? 1 : unbiasedStd(rewards, mean);
    double[] a = new double[rewards.length];
    for (int i = 0; i < a.length; i++) a[i] = (rewards[i] - mean) / (std + EPSILON);
    return a;
  }

  /** Dr. GRPO: R_i − mean, no standard-deviation normalisation. */
  public static double[] drGrpo(double[] rewards) {
    requireNonEmpty(rewards);
    double mean = rewards.length == 1 ? 0 : mean(rewards);
    double[] a = new double[rewards.length];
    for (int i = 0; i < a.length; i++) a[i] = rewards[i] - mean;
    return a;
  }

  static double mean(double[] xs) {
    double s = 0;
    for (double x : xs) s += x;
    return s / xs.length;
  }

  static double unbiasedStd(double[] xs, double mean) {
    double ss = 0;
    for (double x : xs) ss += (x - mean) * (x - mean);
    return Math.sqrt(ss / (xs.length - 1));
  }

  private static void requireNonEmpty(double[] rewards) {
    if (rewards.length == 0) throw new IllegalArgumentException("a group needs at least one reward");
  }
}
