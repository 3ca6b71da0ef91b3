package dev.perennial.learner.train;

import ai.djl.ndarray.NDArray;

/**
 * Optional companion of a {@link TokenLoss}: the number of masked tokens of a micro-batch whose
 * importance ratio the loss clipped (a scalar). The trainer sums it over the mini-batch and reports
 * it divided by the masked-token count as {@code clipFraction}. {@code logProbs} carry no gradient.
 */
public interface ClipCounting {
  NDArray clippedTokens(NDArray logProbs, TokenLoss.TokenBatch batch);
}
