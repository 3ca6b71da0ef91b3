package dev.perennial.learner.rl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * DAPO's dynamic sampling test (RL-SPEC §5): a group whose rewards are all equal teaches nothing
 * (every advantage is 0) and is dropped; a group of one is kept, since it has no peers to equal.
 * Rewards within {@link #TOLERANCE} of each other count as equal, so floating-point noise in reward
 * arithmetic cannot make a dead group look alive.
 */
public final class DynamicSampling {
  public static final double TOLERANCE = 1e-9;

  private DynamicSampling() {}

  /** True when the rewards of one group are not all equal, or the group has one member. */
  public static boolean hasSignal(double[] rewards) {
    if (rewards.length == 0) throw new IllegalArgumentException("an empty group has no rewards");
    if (rewards.length == 1) return true;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double r : rewards) {
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    return max - min > TOLERANCE;
  }

  /**
   * The same test for a CoD group: it has signal when the runs differ at some (kind, position)
   * (otherwise every return and every advantage is equal), or when it holds a single run.
   */
  public static boolean hasSignal(List<Rollout> group) {
    if (group.isEmpty()) throw new IllegalArgumentException("an empty group has no rollouts");
    if (group.stream().map(Rollout::runId).distinct().count() == 1) return true;
    Map<Rollout.Cell, double[]> range = new HashMap<>();
    for (Rollout r : group) {
      double[] mm = range.computeIfAbsent(r.cell(), c -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      mm[0] = Math.min(mm[0], r.reward());
      mm[1] = Math.max(mm[1], r.reward());
    }
    return range.values().stream().anyMatch(mm -> mm[1] - mm[0] > TOLERANCE);
  }
}
