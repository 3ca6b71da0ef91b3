package dev.perennial.learner.rl;

/**
 * CoD's adaptive advantage reweighting ("RED weight", RL-SPEC §1). When the token-weighted sum
 * S = Σ A_j·len_j of a batch is negative, the update would push mostly down; reweighting by
 * e^{A/T} tilts it towards the positive experiences. T is found by bisection on [0.8, 100]
 * (at most 20 halvings, stopping once the interval is narrower than 0.05) for Σ A·e^{A/T}·len ≥ 0.
 * Like the reference, the last midpoint is used even if the sum there is still slightly negative.
 */
public final class RedWeighting {
  public static final double T_LOW = 0.8;
  public static final double T_HIGH = 100;
  public static final int MAX_ITERATIONS = 20;
  public static final double TOLERANCE = 0.05;

  private RedWeighting() {}

  /**
   * @param advantages one per experience
   * @param lengths    generated tokens per experience
   */
  public static Result reweight(double[] advantages, int[] lengths) {
    if (advantages.length != lengths.length) {
      throw new IllegalArgumentException(advantages.length + " advantages but " + lengths.length + " lengths");
    }
    double before = weightedSum(advantages, lengths, Double.POSITIVE_INFINITY);
    if (before >= 0) return new Result(advantages.clone(), Double.NaN, before, before);
    double lo = T_LOW;
    double hi = T_HIGH;
    double t = Double.NaN;
    for (int it = 0; it < MAX_ITERATIONS && hi - lo >= TOLERANCE; it++) {
      t = (lo + hi) / 2;
      // a larger T tilts less, so a non-negative sum lets T grow
      if (weightedSum(advantages, lengths, t) >= 0) lo = t; else hi = t;
    }
    double[] out = new double[advantages.length];
    for (int j = 0; j < out.length; j++) out[j] = advantages[j] * Math.exp(advantages[j] / t);
    return new Result(out, t, before, weightedSum(out, lengths, Double.POSITIVE_INFINITY));
  }

  /** Σ A·e^{A/T}·len; T = ∞ gives the plain Σ A·len. */
  static double weightedSum(double[] a, int[] len, double t) {
    double s = 0;
    for (int j = 0; j < a.length; j++) s += a[j] * (Double.isInfinite(t) ? 1 : Math.exp(a[j] / t)) * len[j];
    return s;
  }

  /**
   * @param temperature the T used, NaN when the batch needed no reweighting (S ≥ 0)
   * @param sumBefore   Σ A·len before, for metrics
   * @param sumAfter    Σ A·len after (may stay slightly negative)
   */
  public record Result(double[] advantages, double temperature, double sumBefore, double sumAfter) {
    public boolean applied() { return !Double.isNaN(temperature); }
  }
}
