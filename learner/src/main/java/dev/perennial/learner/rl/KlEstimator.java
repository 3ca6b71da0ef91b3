package dev.perennial.learner.rl;

/**
 * Per-token estimators of KL(π_θ ‖ π_ref) from sampled tokens (Schulman's k1/k2/k3). k3 is
 * non-negative and unbiased, hence the usual choice; all are off unless the coefficient is non-zero.
 */
public enum KlEstimator {
  /** log π − log π_ref. */
  K1("k1"),
  /** ½ (log π − log π_ref)². */
  K2("k2"),
  /** e^{ref − log π} − (ref − log π) − 1. */
  K3("k3");

  private final String configName;

  KlEstimator(String configName) { this.configName = configName; }

  public String configName() { return configName; }

  public double value(double logProb, double refLogProb) {
    double d = logProb - refLogProb;
    return switch (this) {
      case K1 -> d;
      case K2 -> 0.5 * d * d;
      case K3 -> Math.exp(-d) + d - 1;
    };
  }

  public static KlEstimator named(String name) {
    for (KlEstimator k : values()) if (k.configName.equals(name)) return k;
    throw new IllegalArgumentException("unknown KL estimator '" + name + "' (expected k1, k2 or k3)");
  }
}
