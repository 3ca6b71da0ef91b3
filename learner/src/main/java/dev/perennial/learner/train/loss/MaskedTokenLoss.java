package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import dev.perennial.learner.train.TokenLoss;

/**
 * The part every token loss shares: shape checks, masking and the weighted sum Σ_i w_i Σ_t m_it ℓ_it.
 *
 * <p>Masking is done with {@code where}, never by multiplying with 0: tokens with mask 0 (tool
 * output, feedback, template) may carry placeholder log-probs (NaN, garbage), and 0·NaN is NaN in
 * both the value and the gradient. {@code where} selects before any arithmetic, and its backward
 * sends exactly zero gradient to the unselected branch.
 *
 * <p>Every constant is an array created in the manager of {@code logProbs} (STACK.md pitfall #1:
 * arithmetic with a Java scalar on an array that needs gradients corrupts its gradient on CPU), so
 * {@code logProbs} should belong to the training step's scoped manager.
 */
abstract class MaskedTokenLoss implements TokenLoss {
  @Override
  public final NDArray weightedSum(NDArray logProbs, TokenBatch batch) {
    Shape shape = logProbs.getShape();
    if (shape.dimension() != 2) throw new IllegalArgumentException("logProbs must be [B, T], got " + shape);
    requireShape("mask", batch.mask(), shape);
    requireShape("sequenceWeights", batch.sequenceWeights(), new Shape(shape.get(0)));
    NDArray keep = batch.mask().gt(0);
    NDArray zeros = logProbs.zerosLike();
    NDArray logp = NDArrays.where(keep, logProbs, zeros);
    NDArray old = null;
    NDArray adv = null;
    if (usesAdvantages()) {
      requireShape("oldLogProbs", batch.oldLogProbs(), shape);
      old = NDArrays.where(keep, batch.oldLogProbs().toType(logProbs.getDataType(), false), zeros);
      adv = advantages(batch.advantages(), shape).toType(logProbs.getDataType(), false);
    }
    NDArray perToken = perToken(logp, old, adv, keep);
    return masked(perToken, keep, batch.sequenceWeights());
  }

  /**
   * Advantages as [B, 1] (one per sequence) or [B, T] (one per token, as the trainer pads them from
   * {@code TrainSequence}); masked-out tokens' entries are never used.
   */
  static NDArray advantages(NDArray advantages, Shape shape) {
    if (advantages == null) throw new IllegalArgumentException("advantages are missing, expected shape " + shape);
    Shape a = advantages.getShape();
    if (a.equals(shape)) return advantages;
    if (a.equals(new Shape(shape.get(0)))) return advantages.reshape(shape.get(0), 1);
    throw new IllegalArgumentException("advantages have shape " + a + ", expected " + new Shape(shape.get(0)) + " or " + shape);
  }

  /** False for losses that ignore advantages and behaviour log-probs (then both may be null in the batch). */
  boolean usesAdvantages() { return true; }

  /**
   * ℓ for every token. Masked-out positions hold 0 in {@code logp} and {@code old}, so ℓ stays
   * finite there; they are dropped by the caller anyway.
   *
   * @param adv advantages of shape [B, 1] or [B, T]
   */
  abstract NDArray perToken(NDArray logp, NDArray old, NDArray adv, NDArray keep);

  /** Σ_i w_i Σ_t [keep] ℓ_it as a scalar. */
  static NDArray masked(NDArray perToken, NDArray keep, NDArray sequenceWeights) {
    NDArray rows = NDArrays.where(keep, perToken, perToken.zerosLike()).sum(new int[] {1});
    return rows.mul(sequenceWeights.toType(perToken.getDataType(), false)).sum();
  }

  /** A scalar array of {@code like}'s type in {@code like}'s manager: the safe way to use a constant. */
  static NDArray scalar(NDArray like, double value) {
    return like.getManager().create(value).toType(like.getDataType(), false);
  }

  static void requireShape(String name, NDArray array, Shape expected) {
    if (array == null) throw new IllegalArgumentException(name + " is missing, expected shape " + expected);
    if (!array.getShape().equals(expected)) {
      throw new IllegalArgumentException(name + " has shape " + array.getShape() + ", expected " + expected);
    }
  }
}
