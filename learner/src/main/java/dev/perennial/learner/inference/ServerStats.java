package dev.perennial.learner.inference;

import dev.perennial.persistence.CborSerializable;

/**
 * A snapshot of the PolicyServer. Counters are since start; {@code tokensPerSecond},
 * {@code meanBatchSize} (sequences per decode step) and {@code meanQueueMillis} (enqueue → admitted)
 * cover the last stats window. {@code prefixHits} counts prompts that reused a cached prefix,
 * {@code prefixTokensReused} the prompt tokens that therefore needed no prefill.
 */
public record ServerStats(
    long version,
    String device,
    int queued,
    int active,
    long completed,
    long rejected,
    long generatedTokens,
    long decodeSteps,
    double tokensPerSecond,
    double meanBatchSize,
    double meanQueueMillis,
    long prefixHits,
    long prefixTokensReused) implements CborSerializable {}
