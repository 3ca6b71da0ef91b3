package dev.perennial.learner.train;

import ai.djl.ndarray.NDArray;

/**
 * A policy-gradient or SFT loss over the sampled tokens of one micro-batch. Returns the
 * <em>un-normalised</em> weighted sum Σ_i w_i Σ_t m_it·ℓ_it as a scalar whose gradient flows
 * through {@code logProbs}; the trainer divides by the aggregation mode's normaliser computed over
 * the whole mini-batch, which makes the result independent of micro-batch splitting (RL-SPEC §4).
 */
public interface TokenLoss {
  /**
   * @param logProbs log π_θ of each target token, shape [B, T], requires gradient
   * @param batch    mask and behaviour log-probs [B, T], advantages [B] or [B, T], per-sequence weights [B]
   */
  NDArray weightedSum(NDArray logProbs, TokenBatch batch);

  /**
   * Per-token tensors of a micro-batch; {@code mask} is 1 only on tokens the policy generated.
   * {@code sequenceWeights} carries the aggregation mode's per-sequence weight (1/len_i for
   * seq-mean-token-mean, else 1).
   */
  record TokenBatch(NDArray mask, NDArray oldLogProbs, NDArray advantages, NDArray sequenceWeights) {}
}
