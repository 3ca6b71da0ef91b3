package dev.perennial.learner.train;

/**
 * One training sequence with per-token arrays aligned to {@code tokens}: entry t describes token t
 * as predicted from tokens[0..t-1], so entry 0 is never trained ({@code lossMask[0]} must be 0).
 * {@code lossMask} is 1 on tokens the policy generated and 0 on injected ones (prompt, tool output,
 * feedback); {@code behaviourLogProbs} are the log-probs recorded when the tokens were sampled (0
 * where masked or for SFT); {@code advantages} per token (0 for SFT); {@code weight} is the
 * aggregation mode's per-sequence weight (1/len for seq-mean-token-mean, else 1).
 */
public record TrainSequence(int[] tokens, float[] lossMask, float[] behaviourLogProbs, float[] advantages, float weight) {
  public TrainSequence {
    int n = tokens.length;
    if (n < 2) throw new IllegalArgumentException("a training sequence needs at least 2 tokens, got " + n);
    if (lossMask.length != n || behaviourLogProbs.length != n || advantages.length != n)
      throw new IllegalArgumentException("per-token arrays must have " + n + " entries (one per token): mask "
          + lossMask.length + ", behaviour log-probs " + behaviourLogProbs.length + ", advantages " + advantages.length);
    if (lossMask[0] != 0) throw new IllegalArgumentException("lossMask[0] must be 0: the first token has no prediction");
    for (int i = 0; i < n; i++) {
      if (lossMask[i] != 0 && lossMask[i] != 1) throw new IllegalArgumentException("lossMask[" + i + "] = " + lossMask[i] + ", must be 0 or 1");
      if (!Float.isFinite(behaviourLogProbs[i]) || !Float.isFinite(advantages[i]))
        throw new IllegalArgumentException("non-finite behaviour log-prob or advantage at token " + i);
    }
    if (!Float.isFinite(weight) || weight < 0) throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
  }

  /** A supervised sequence: train on the tokens from {@code firstTrained} on (the completion), weight 1. */
  public static TrainSequence supervised(int[] tokens, int firstTrained) {
    float[] mask = new float[tokens.length];
    for (int i = Math.max(1, firstTrained); i < tokens.length; i++) mask[i] = 1;
    return new TrainSequence(tokens, mask, new float[tokens.length], new float[tokens.length], 1f);
  }

  public int length() { return tokens.length; }

  public int maskedTokens() {
    int n = 0;
    for (float m : lossMask) n += (int) m;
    return n;
  }
}
