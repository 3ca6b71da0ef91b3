package dev.perennial.learner.generate;

import dev.perennial.agents.policy.FinishReason;

/**
 * A finished sequence: the sampled tokens (the end-of-sequence token included when it ended one),
 * their log-probs under the sampling distribution, why it ended, and its decoded text (special
 * tokens left out). {@code firstVersion}/{@code lastVersion} are the weight versions that sampled
 * its first and last token (they differ when weights were swapped while it ran).
 */
public record Completion(Object tag, int[] tokens, float[] logprobs, FinishReason reason, String text,
    long firstVersion, long lastVersion) {}
