package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import dev.perennial.learner.rl.KlEstimator;
import dev.perennial.learner.rl.KlPenalty;
import dev.perennial.learner.train.TokenLoss;

/**
 * The optional β·KL(π_θ ‖ π_ref) term (RL-SPEC §3), aggregated like the policy loss: Σ_i w_i Σ_t
 * m_it β·k(log π, log π_ref). Off by default (β = 0); the trainer adds it only when enabled, e.g.
 * {@code kl.plus(policyLoss, refLogProbs).weightedSum(logProbs, batch)} per micro-batch.
 */
public final class KlTerm {
  private final KlPenalty penalty;

  public KlTerm(KlPenalty penalty) { this.penalty = penalty; }

  public boolean enabled() { return penalty.enabled(); }

  /** The weighted KL sum; its gradient flows through {@code logProbs} only. */
  public NDArray weightedSum(NDArray logProbs, NDArray refLogProbs, TokenLoss.TokenBatch batch) {
    Shape shape = logProbs.getShape();
    MaskedTokenLoss.requireShape("mask", batch.mask(), shape);
    MaskedTokenLoss.requireShape("refLogProbs", refLogProbs, shape);
    MaskedTokenLoss.requireShape("sequenceWeights", batch.sequenceWeights(), new Shape(shape.get(0)));
    NDArray keep = batch.mask().gt(0);
    NDArray zeros = logProbs.zerosLike();
    NDArray logp = NDArrays.where(keep, logProbs, zeros);
    NDArray ref = NDArrays.where(keep, refLogProbs.toType(logProbs.getDataType(), false), zeros);
    NDArray d = logp.sub(ref);
    NDArray k = switch (penalty.estimator()) {
      case K1 -> d;
      case K2 -> d.mul(d).mul(MaskedTokenLoss.scalar(d, 0.5));
      case K3 -> d.neg().exp().add(d).sub(MaskedTokenLoss.scalar(d, 1));
    };
    NDArray perToken = k.mul(MaskedTokenLoss.scalar(k, penalty.coefficient()));
    return MaskedTokenLoss.masked(perToken, keep, batch.sequenceWeights());
  }

  /** {@code policy} plus this term against {@code refLogProbs}, as one TokenLoss for one micro-batch. */
  public TokenLoss plus(TokenLoss policy, NDArray refLogProbs) {
    if (!enabled()) return policy;
    return (logProbs, batch) -> policy.weightedSum(logProbs, batch).add(weightedSum(logProbs, refLogProbs, batch));
  }

  public KlEstimator estimator() { return penalty.estimator(); }
}
