package dev.perennial.agents.episode;

import dev.perennial.agents.policy.FinishReason;
import dev.perennial.persistence.CborSerializable;

/**
 * One policy call inside an episode: the text injected since the previous turn (the whole prompt
 * for the first turn; tool output for later ones) with its token ids, then what the policy
 * sampled, with the exact sampled ids and behaviour log-probs. The loss mask is implicit and
 * exact: injected tokens 0, sampled tokens 1. Concatenating the turns of an episode gives the
 * sequence the behaviour policy saw.
 */
public record Turn(
    String injectedText,
    int[] injectedTokenIds,
    String sampledText,
    int[] sampledTokenIds,
    float[] logprobs,
    FinishReason finishReason,
    long policyVersion) implements CborSerializable {

  public Turn {
    if (sampledTokenIds.length != logprobs.length) {
      throw new IllegalArgumentException(
          "sampled ids (" + sampledTokenIds.length + ") and log-probs (" + logprobs.length + ") differ in length");
    }
  }

  /** Per-token loss mask over injected then sampled tokens. */
  public int[] lossMask() {
    int[] m = new int[injectedTokenIds.length + sampledTokenIds.length];
    java.util.Arrays.fill(m, injectedTokenIds.length, m.length, 1);
    return m;
  }

  public int generatedTokens() { return sampledTokenIds.length; }
}
