package dev.perennial.learner.rl;

import java.util.List;

/**
 * Turns a batch of rollouts into one advantage per rollout (every generated token of the episode
 * gets it). Picked by name from {@code perennial.learner.rl.advantage-estimator}:
 * <ul>
 *   <li>{@code grpo}: (R − mean) / (std_{N−1} + 1e-6) over the rollouts of the same (group, kind, position);
 *   <li>{@code dr-grpo}: R − mean over the same cells, no std;
 *   <li>{@code cod}: CoD causal returns of each run with the per-(group, kind, position) mean baseline.
 * </ul>
 */
public interface AdvantageEstimator {
  /** Advantages in the order of {@code rollouts}; a malformed batch gets an IllegalArgumentException. */
  double[] estimate(List<Rollout> rollouts);

  /** The config name. */
  String name();

  /** The estimator called {@code name}; {@code returns} is used by {@code cod} only. */
  static AdvantageEstimator named(String name, ReturnMode returns) {
    return switch (name) {
      case "grpo" -> new GroupRelativeAdvantage(true);
      case "dr-grpo" -> new GroupRelativeAdvantage(false);
      case "cod" -> new CodAdvantage(returns);
      default -> throw new IllegalArgumentException(
          "unknown advantage estimator '" + name + "' (expected grpo, dr-grpo or cod)");
    };
  }
}
