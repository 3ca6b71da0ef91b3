package dev.perennial.learner.train;

import ai.djl.ndarray.NDArray;

/**
 * Masked negative log-likelihood for supervised fine-tuning (cold start):
 * {@code −Σ_i w_i Σ_t m_it · log π_θ(token_it)}. With the normaliser Σ m it is the token-mean
 * cross-entropy over the trained tokens. Behaviour log-probs and advantages are ignored.
 */
public final class SftLoss implements TokenLoss {
  public static final SftLoss INSTANCE = new SftLoss();

  private SftLoss() {}

  @Override
  public NDArray weightedSum(NDArray logProbs, TokenBatch batch) {
    return logProbs.mul(batch.mask()).mul(batch.sequenceWeights().expandDims(1)).sum().neg();
  }
}
