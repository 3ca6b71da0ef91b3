package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;

/** Masked negative log-likelihood for the SFT cold start; advantages and behaviour log-probs are ignored. */
public final class SftLoss extends MaskedTokenLoss {
  @Override boolean usesAdvantages() { return false; }

  @Override
  NDArray perToken(NDArray logp, NDArray old, NDArray adv, NDArray keep) {
    return logp.neg();
  }

  @Override public String toString() { return "sft"; }
}
