package dev.perennial.learner.generate;

import java.util.Set;

/**
 * How the decoder runs: {@code maxContext} bounds prompt + answer tokens (at most the model's
 * positions); {@code prefillTokenBudget} bounds rows × padded prompt length of one prefill pass;
 * {@code eosIds} end a sequence with {@code EOS}.
 */
public record DecoderSettings(int maxContext, int prefillTokenBudget, Set<Integer> eosIds) {
  public DecoderSettings {
    eosIds = Set.copyOf(eosIds);
    if (maxContext < 2) throw new IllegalArgumentException("max context must be >= 2");
    if (prefillTokenBudget < 1) throw new IllegalArgumentException("prefill token budget must be >= 1");
  }
}
