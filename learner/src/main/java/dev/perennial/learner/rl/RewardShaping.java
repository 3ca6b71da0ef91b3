package dev.perennial.learner.rl;

import java.util.Optional;

/**
 * Composes an episode's scalar training reward (RL-SPEC §5). R = outcome + penalty, plus the
 * format component when {@code withFormat} (RITE's dual reward R_outcome + R_format), plus the
 * overlong length penalty when on. A truncated episode (max tokens / max turns) did not finish,
 * so its outcome and format are replaced by {@code truncationReward}; the length penalty still
 * applies, being a function of length alone. With {@link Truncated#DROP} a truncated episode is
 * marked untrainable instead (DAPO's overlong filtering). Either way the flag travels with the
 * result, so no truncated episode is trained as if it had completed.
 */
public record RewardShaping(boolean withFormat, double truncationReward, Truncated truncated,
                            Optional<OverlongShaping> overlong) {
  /** What to do with truncated episodes. */
  public enum Truncated {
    /** train on them with the truncation reward */
    REWARD,
    /** leave them out of the loss */
    DROP;

    public static Truncated named(String name) {
      return switch (name) {
        case "reward" -> REWARD;
        case "drop" -> DROP;
        default -> throw new IllegalArgumentException("unknown truncated-episodes '" + name + "' (expected reward or drop)");
      };
    }
  }

  public static final RewardShaping DEFAULT = new RewardShaping(false, 0, Truncated.REWARD, Optional.empty());

  public RewardShaping {
    if (!Double.isFinite(truncationReward)) throw new IllegalArgumentException("truncation reward must be finite");
  }

  /**
   * @param outcome        the verifier's outcome (task reward)
   * @param format         the format score in [−1, 1]
   * @param penalty        other penalties already decided (e.g. h_i = −0.1 for an unparsable hints block)
   * @param truncated      ended by max tokens or max turns
   * @param responseTokens generated tokens, for the overlong penalty
   */
  public Shaped shape(double outcome, double format, double penalty, boolean truncated, int responseTokens) {
    if (!Double.isFinite(outcome) || !Double.isFinite(penalty)) {
      throw new IllegalArgumentException("outcome and penalty must be finite, got " + outcome + ", " + penalty);
    }
    if (!(format >= -1 && format <= 1)) throw new IllegalArgumentException("format score must be in [-1, 1], got " + format);
    double length = overlong.map(o -> o.penalty(responseTokens)).orElse(0.0);
    double base = truncated ? truncationReward : outcome + penalty + (withFormat ? format : 0);
    boolean trainable = !(truncated && this.truncated == Truncated.DROP);
    return new Shaped(base + length, length, truncated, trainable);
  }

  /**
   * The CoD reference's task reward with a step penalty on success: max(0, outcome − c·steps/maxSteps).
   */
  public static double stepPenalised(double outcome, int stepsUsed, int maxSteps, double coefficient) {
    if (maxSteps < 1) throw new IllegalArgumentException("max steps must be >= 1, got " + maxSteps);
    if (stepsUsed < 0) throw new IllegalArgumentException("steps used must be >= 0, got " + stepsUsed);
    return Math.max(0, outcome - coefficient * stepsUsed / maxSteps);
  }

  /**
   * @param reward        the scalar reward to train on
   * @param lengthPenalty the overlong part of it (0 when off)
   * @param truncated     the episode did not finish
   * @param trainable     false when truncated episodes are dropped
   */
  public record Shaped(double reward, double lengthPenalty, boolean truncated, boolean trainable) {}
}
