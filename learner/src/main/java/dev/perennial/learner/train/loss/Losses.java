package dev.perennial.learner.train.loss;

import dev.perennial.learner.rl.PolicyObjective;
import dev.perennial.learner.train.TokenLoss;

/** The DJL loss for a configured {@link PolicyObjective} ({@code perennial.learner.rl.policy-loss}). */
public final class Losses {
  private Losses() {}

  public static TokenLoss of(PolicyObjective objective) {
    if (objective instanceof PolicyObjective.PpoClip p) return new PpoClipLoss(p);
    if (objective instanceof PolicyObjective.RecOneSided r) return new RecOneSidedLoss(r);
    if (objective instanceof PolicyObjective.Sft) return new SftLoss();
    throw new IllegalArgumentException("no DJL loss for " + objective);
  }
}
