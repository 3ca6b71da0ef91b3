package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.perennial.learner.rl.PolicyObjective;

/**
 * REC one-sided without importance weight (the CoD reference, RL-SPEC §3): ℓ = −A·log π_θ on
 * tokens inside the one-sided trust region, 0 elsewhere. The ratio only gates, so no gradient
 * flows through it. Same values as {@link PolicyObjective.RecOneSided#tokenLoss}.
 */
public final class RecOneSidedLoss extends MaskedTokenLoss {
  private final PolicyObjective.RecOneSided params;

  public RecOneSidedLoss(PolicyObjective.RecOneSided params) { this.params = params; }

  @Override
  NDArray perToken(NDArray logp, NDArray old, NDArray adv, NDArray keep) {
    NDArray ratio = logp.sub(old).exp();
    NDArray zero = scalar(adv, 0);
    NDArray up = adv.gte(zero).logicalAnd(ratio.lte(scalar(ratio, 1 + params.epsilon())));
    NDArray down = adv.lte(zero).logicalAnd(ratio.gte(scalar(ratio, 1 - params.epsilon())));
    NDArray inRegion = up.logicalOr(down);
    NDArray loss = adv.neg().mul(logp);
    return NDArrays.where(inRegion, loss, loss.zerosLike());
  }

  @Override public String toString() { return "rec-one-sided" + params; }
}
