package dev.perennial.learner.rl;

/**
 * The five aggregation modes, two ways. {@link #aggregate} computes the value directly from its
 * definition. {@link #plan} factors every mode as Σ_i w_i Σ_t m_it ℓ_it / N with per-sequence
 * weights w_i and a normaliser N that depend only on the masks of the whole mini-batch. The
 * numerator is a plain sum over sequences, so summing it over any split into micro-batches and
 * dividing once by N gives the full-batch value (and, by linearity, its gradient): the result
 * cannot depend on how the mini-batch was split.
 */
public final class LossAggregation {
  private LossAggregation() {}

  /**
   * @param validTokens       Σ_t m_it of each sequence of the whole mini-batch
   * @param maxGenerationLength C, used by {@code seq-mean-token-sum-norm} only
   */
  public static AggregationPlan plan(double[] validTokens, AggregationMode mode, double maxGenerationLength) {
    double total = 0;
    int sequences = 0;
    for (double n : validTokens) {
      if (n < 0) throw new IllegalArgumentException("negative token count " + n);
      total += n;
      if (n > 0) sequences++;
    }
    if (sequences == 0) {
      throw new IllegalArgumentException("the mini-batch has no masked-in token: nothing to train on");
    }
    if (mode == AggregationMode.SEQ_MEAN_TOKEN_SUM_NORM && !(maxGenerationLength > 0)) {
      throw new IllegalArgumentException("seq-mean-token-sum-norm needs max-generation-length > 0, got " + maxGenerationLength);
    }
    double[] w = new double[validTokens.length];
    for (int i = 0; i < w.length; i++) {
      boolean valid = validTokens[i] > 0;
      w[i] = !valid ? 0 : mode == AggregationMode.SEQ_MEAN_TOKEN_MEAN ? 1 / validTokens[i] : 1;
    }
    double normaliser = switch (mode) {
      case TOKEN_MEAN -> total;
      case SEQ_MEAN_TOKEN_MEAN, SEQ_MEAN_TOKEN_SUM -> sequences;
      case SEQ_MEAN_TOKEN_SUM_NORM -> sequences * maxGenerationLength;
      case TOKEN_SUM -> 1;
    };
    return new AggregationPlan(w, normaliser);
  }

  /** Σ_t m_it of each row. */
  public static double[] validTokens(double[][] mask) {
    double[] n = new double[mask.length];
    for (int i = 0; i < mask.length; i++) for (double m : mask[i]) n[i] += m;
    return n;
  }

  /** The mode's value computed straight from its definition (RL-SPEC §4). */
  public static double aggregate(double[][] loss, double[][] mask, AggregationMode mode, double maxGenerationLength) {
    double total = 0;
    double count = 0;
    double seqSum = 0;
    double seqMean = 0;
    int sequences = 0;
    for (int i = 0; i < loss.length; i++) {
      double s = 0;
      double n = 0;
      for (int t = 0; t < loss[i].length; t++) {
        if (mask[i][t] == 0) continue;
        s += mask[i][t] * loss[i][t];
        n += mask[i][t];
      }
      total += s;
      count += n;
      if (n > 0) {
        sequences++;
        seqSum += s;
        seqMean += s / n;
      }
    }
    if (sequences == 0) throw new IllegalArgumentException("the batch has no masked-in token: nothing to aggregate");
    return switch (mode) {
      case TOKEN_MEAN -> total / count;
      case SEQ_MEAN_TOKEN_MEAN -> seqMean / sequences;
      case SEQ_MEAN_TOKEN_SUM -> seqSum / sequences;
      case SEQ_MEAN_TOKEN_SUM_NORM -> seqSum / sequences / maxGenerationLength;
      case TOKEN_SUM -> total;
    };
  }

  /**
   * Per-sequence weights and the normaliser of one mini-batch.
   *
   * @param sequenceWeights w_i for every sequence of the mini-batch, in order
   * @param normaliser      N: divide the summed numerators of all micro-batches by it, once
   */
  public record AggregationPlan(double[] sequenceWeights, double normaliser) {
    /** The numerator Σ_i w_i Σ_t m ℓ of a micro-batch whose rows are sequences [from, to) of the mini-batch. */
    public double weightedSum(double[][] loss, double[][] mask, int from, int to) {
      double s = 0;
      for (int i = from; i < to; i++) {
        double row = 0;
        for (int t = 0; t < loss[i - from].length; t++) {
          if (mask[i - from][t] != 0) row += mask[i - from][t] * loss[i - from][t];
        }
        s += sequenceWeights[i] * row;
      }
      return s;
    }
  }
}
