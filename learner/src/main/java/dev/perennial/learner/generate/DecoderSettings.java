package dev.perennial.learner.generate;

import java.util.Set;

/**
 * How the decoder runs: {@code maxContext} bounds prompt + answer tokens (at most the model's
 * positions); {@code prefillTokenBudget} bounds rows × padded prompt length of one prefill pass;
 * {@code eosIds} end a sequence with {@code EOS}; finished sequences' keys/values are kept for
 * prompts that start with them, up to {@code prefixCacheTokens} tokens in all (0 = off), for
 * shared prefixes of at least {@code prefixMinTokens}.
 */
public record DecoderSettings(int maxContext, int prefillTokenBudget, Set<Integer> eosIds, int prefixCacheTokens, int prefixMinTokens) {
  public DecoderSettings {
    eosIds = Set.copyOf(eosIds);
    if (maxContext < 2) throw new IllegalArgumentException("max context must be >= 2");
    if (prefillTokenBudget < 1) throw new IllegalArgumentException("prefill token budget must be >= 1");
    if (prefixCacheTokens < 0 || prefixMinTokens < 1) throw new IllegalArgumentException("prefix cache settings must be >= 0 / >= 1");
  }

  /** No prefix cache. */
  public DecoderSettings(int maxContext, int prefillTokenBudget, Set<Integer> eosIds) {
    this(maxContext, prefillTokenBudget, eosIds, 0, 16);
  }
}
