package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import dev.perennial.learner.rl.PolicyObjective;
import dev.perennial.learner.train.ClipCounting;
import dev.perennial.learner.train.TokenLoss;

/**
 * PPO-clip with clip-low / clip-high and dual clip (RL-SPEC §3) over log-probs; the ratio is taken
 * against the behaviour log-probs recorded at sampling time. Same values as
 * {@link PolicyObjective.PpoClip#tokenLoss}.
 */
public final class PpoClipLoss extends MaskedTokenLoss implements ClipCounting {
  private final PolicyObjective.PpoClip params;

  public PpoClipLoss(PolicyObjective.PpoClip params) { this.params = params; }

  @Override
  NDArray perToken(NDArray logp, NDArray old, NDArray adv, NDArray keep) {
    NDArray ratio = logp.sub(old).exp();
    NDArray clipped = ratio.maximum(scalar(ratio, 1 - params.clipLow())).minimum(scalar(ratio, 1 + params.clipHigh()));
    NDArray negAdv = adv.neg();
    NDArray loss = NDArrays.maximum(negAdv.mul(ratio), negAdv.mul(clipped));
    if (params.dualClip() <= 0) return loss;
    NDArray capped = loss.minimum(negAdv.mul(scalar(adv, params.dualClip())));
    NDArray negative = adv.lt(scalar(adv, 0)).broadcast(loss.getShape());
    return NDArrays.where(negative, capped, loss);
  }

  /** Masked tokens whose ratio lies outside [1 − clip-low, 1 + clip-high]. */
  @Override
  public NDArray clippedTokens(NDArray logProbs, TokenLoss.TokenBatch batch) {
    NDArray keep = batch.mask().gt(0);
    NDArray zeros = logProbs.zerosLike();
    NDArray ratio = NDArrays.where(keep, logProbs, zeros)
        .sub(NDArrays.where(keep, batch.oldLogProbs().toType(logProbs.getDataType(), false), zeros)).exp();
    NDArray outside = ratio.lt(scalar(ratio, 1 - params.clipLow())).logicalOr(ratio.gt(scalar(ratio, 1 + params.clipHigh())));
    return outside.logicalAnd(keep).toType(logProbs.getDataType(), false).sum();
  }

  @Override public String toString() { return "ppo-clip" + params; }
}
