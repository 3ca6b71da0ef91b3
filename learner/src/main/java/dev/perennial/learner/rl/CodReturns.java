package dev.perennial.learner.rl;

import java.util.Arrays;

/**
 * Causal ("e2e") returns of one CoD run (RL-SPEC §1). A solve at i is credited with what happens
 * from task i on; an update at i is credited with its own parse reward h_i and the tasks that its
 * hints can still influence, i+1 … n−1 — never with tasks that came before it.
 */
public final class CodReturns {
  private CodReturns() {}

  /** Rewards-to-go of solve i: [r_i, …, r_{n−1}]. */
  public static double[] solveRewardsToGo(double[] taskRewards, int i) {
    if (i < 0 || i >= taskRewards.length) {
      throw new IllegalArgumentException("solve position " + i + " outside a pack of " + taskRewards.length);
    }
    return Arrays.copyOfRange(taskRewards, i, taskRewards.length);
  }

  /** Rewards-to-go of update i: [h_i, r_{i+1}, …, r_{n−1}]. */
  public static double[] updateRewardsToGo(double[] taskRewards, double[] updateRewards, int i) {
    if (updateRewards.length != taskRewards.length - 1) {
      throw new IllegalArgumentException("a run of " + taskRewards.length + " tasks has " + (taskRewards.length - 1)
          + " updates, got " + updateRewards.length + " update rewards");
    }
    if (i < 0 || i >= updateRewards.length) {
      throw new IllegalArgumentException("update position " + i + " outside 0.." + (updateRewards.length - 1));
    }
    double[] rtg = new double[taskRewards.length - i];
    rtg[0] = updateRewards[i];
    System.arraycopy(taskRewards, i + 1, rtg, 1, rtg.length - 1);
    return rtg;
  }

  /** Returns G of every episode of one run: solves [n] and updates [n−1]. */
  public static RunReturns of(double[] taskRewards, double[] updateRewards, ReturnMode mode) {
    double[] solve = new double[taskRewards.length];
    double[] update = new double[updateRewards.length];
    for (int i = 0; i < solve.length; i++) solve[i] = mode.of(solveRewardsToGo(taskRewards, i));
    for (int i = 0; i < update.length; i++) update[i] = mode.of(updateRewardsToGo(taskRewards, updateRewards, i));
    return new RunReturns(solve, update);
  }

  /** Per-episode returns of one run, indexed by position. */
  public record RunReturns(double[] solve, double[] update) {}
}
