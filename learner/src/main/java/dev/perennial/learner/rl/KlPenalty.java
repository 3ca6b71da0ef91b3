package dev.perennial.learner.rl;

/** β·KL added to every masked-in token's loss; β = 0 (the default) turns it off. */
public record KlPenalty(KlEstimator estimator, double coefficient) {
  public static final KlPenalty OFF = new KlPenalty(KlEstimator.K3, 0);

  public KlPenalty {
    if (!(coefficient >= 0)) throw new IllegalArgumentException("kl coefficient must be >= 0, got " + coefficient);
  }

  public boolean enabled() { return coefficient > 0; }

  public double tokenLoss(double logProb, double refLogProb) {
    return enabled() ? coefficient * estimator.value(logProb, refLogProb) : 0;
  }
}
