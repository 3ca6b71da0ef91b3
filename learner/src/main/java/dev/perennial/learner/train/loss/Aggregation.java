package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.perennial.learner.rl.AggregationMode;
import dev.perennial.learner.rl.LossAggregation;
import java.util.Arrays;

/**
 * The aggregation mode of a whole mini-batch as arrays for the trainer: per-sequence weights to put
 * into each micro-batch's {@code TokenBatch}, and one normaliser to divide the accumulated loss by.
 * Computed from the masks of the whole mini-batch before it is split, which is what makes the
 * normalised loss and its gradient independent of the split (see {@link LossAggregation}).
 */
public final class Aggregation {
  private final AggregationMode mode;
  private final LossAggregation.AggregationPlan plan;

  private Aggregation(AggregationMode mode, LossAggregation.AggregationPlan plan) {
    this.mode = mode;
    this.plan = plan;
  }

  /** From the masked-in token count of every sequence of the mini-batch. */
  public static Aggregation over(double[] validTokens, AggregationMode mode, double maxGenerationLength) {
    return new Aggregation(mode, LossAggregation.plan(validTokens, mode, maxGenerationLength));
  }

  /** From the mini-batch's mask [B, T] (1 on generated tokens). */
  public static Aggregation over(NDArray miniBatchMask, AggregationMode mode, double maxGenerationLength) {
    double[] counts = miniBatchMask.gt(0).toType(DataType.FLOAT64, false).sum(new int[] {1}).toDoubleArray();
    return over(counts, mode, maxGenerationLength);
  }

  /** w_i of sequences [from, to) of the mini-batch, as a [to − from] array. */
  public NDArray sequenceWeights(NDManager manager, int from, int to, DataType type) {
    double[] w = plan.sequenceWeights();
    if (from < 0 || to > w.length || from >= to) {
      throw new IllegalArgumentException("micro-batch [" + from + ", " + to + ") outside a mini-batch of " + w.length);
    }
    return manager.create(Arrays.copyOfRange(w, from, to)).toType(type, false);
  }

  /**
   * A weighted sum divided by the mini-batch normaliser. Apply it to each micro-batch's sum before
   * its backward pass (gradients accumulate), or once to the accumulated sum: by linearity both
   * give the full-batch loss and gradient.
   */
  public NDArray normalise(NDArray weightedSum) {
    return weightedSum.div(MaskedTokenLoss.scalar(weightedSum, plan.normaliser()));
  }

  public double normaliser() { return plan.normaliser(); }

  public AggregationMode mode() { return mode; }
}
