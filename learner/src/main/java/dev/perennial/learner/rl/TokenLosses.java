package dev.perennial.learner.rl;

/**
 * The per-token loss matrix ℓ[i][t] of a batch in plain doubles (the reference for the DJL losses).
 * Tokens with mask 0 (tool output, feedback, template) get exactly 0 and their log-probs are never
 * read, so placeholder values there (NaN, garbage) cannot leak into the loss.
 */
public final class TokenLosses {
  private TokenLosses() {}

  /**
   * @param logProbs    log π_θ [B][T]
   * @param oldLogProbs behaviour log-probs [B][T]
   * @param refLogProbs reference-policy log-probs [B][T]; may be null when {@code kl} is off
   * @param advantages  one per sequence [B]
   * @param mask        1 on generated tokens, 0 elsewhere [B][T]
   */
  public static double[][] perToken(PolicyObjective objective, KlPenalty kl, double[][] logProbs,
                                    double[][] oldLogProbs, double[][] refLogProbs, double[] advantages,
                                    double[][] mask) {
    int b = mask.length;
    if (logProbs.length != b || oldLogProbs.length != b || advantages.length != b) {
      throw new IllegalArgumentException("batch sizes differ: mask " + b + ", logProbs " + logProbs.length
          + ", oldLogProbs " + oldLogProbs.length + ", advantages " + advantages.length);
    }
    if (kl.enabled() && refLogProbs == null) throw new IllegalArgumentException("KL is on but no reference log-probs given");
    double[][] loss = new double[b][];
    for (int i = 0; i < b; i++) {
      loss[i] = new double[mask[i].length];
      for (int t = 0; t < mask[i].length; t++) {
        if (mask[i][t] == 0) continue;
        double l = objective.tokenLoss(advantages[i], logProbs[i][t], oldLogProbs[i][t]);
        if (kl.enabled()) l += kl.tokenLoss(logProbs[i][t], refLogProbs[i][t]);
        loss[i][t] = l;
      }
    }
    return loss;
  }
}
