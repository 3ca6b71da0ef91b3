package dev.perennial.learner.train;

/**
 * One training sequence (an episode's turns, concatenated) with per-token arrays aligned to
 * {@code tokens}: entry t describes token t as predicted from tokens[0..t-1], so entry 0 is never
 * trained ({@code lossMask[0]} must be 0). {@code lossMask} is 1 on tokens the policy generated and
 * 0 on injected ones (prompt, tool output, feedback); {@code behaviourLogProbs} are the log-probs
 * recorded when the tokens were sampled (ignored where masked, 0 for SFT); {@code advantage} is the
 * sequence's advantage, which every generated token gets (RL-SPEC §1); {@code weight} is the
 * aggregation mode's per-sequence weight ({@code Aggregation} computes it; 1 for token-mean).
 */
public record TrainSequence(int[] tokens, float[] lossMask, float[] behaviourLogProbs, float advantage, float weight) {
  public TrainSequence {
    int n = tokens.length;
    if (n < 2) throw new IllegalArgumentException("a training sequence needs at least 2 tokens, got " + n);
    if (lossMask.length != n || behaviourLogProbs.length != n)
      throw new IllegalArgumentException("per-token arrays must have " + n + " entries (one per token): mask "
          + lossMask.length + ", behaviour log-probs " + behaviourLogProbs.length);
    if (lossMask[0] != 0) throw new IllegalArgumentException("lossMask[0] must be 0: the first token has no prediction");
    for (int i = 0; i < n; i++) {
      if (lossMask[i] != 0 && lossMask[i] != 1) throw new IllegalArgumentException("lossMask[" + i + "] = " + lossMask[i] + ", must be 0 or 1");
      if (lossMask[i] == 1 && !Float.isFinite(behaviourLogProbs[i]))
        throw new IllegalArgumentException("non-finite behaviour log-prob at trained token " + i);
    }
    if (!Float.isFinite(advantage)) throw new IllegalArgumentException("advantage must be finite, got " + advantage);
    if (!Float.isFinite(weight) || weight < 0) throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
  }

  /** A supervised sequence: train on the tokens from {@code firstTrained} on (the completion), weight 1. */
  public static TrainSequence supervised(int[] tokens, int firstTrained) {
    float[] mask = new float[tokens.length];
    for (int i = Math.max(1, firstTrained); i < tokens.length; i++) mask[i] = 1;
    return new TrainSequence(tokens, mask, new float[tokens.length], 0f, 1f);
  }

  public TrainSequence withWeight(float w) { return new TrainSequence(tokens, lossMask, behaviourLogProbs, advantage, w); }

  public int length() { return tokens.length; }

  public int maskedTokens() {
    int n = 0;
    for (float m : lossMask) n += (int) m;
    return n;
  }
}
