package dev.perennial.learner.generate;

import dev.perennial.agents.policy.SamplingParams;

/** A prompt (token ids) to continue under {@code params}; {@code seed} seeds this sequence's own RNG. */
public record DecodeRequest(Object tag, int[] prompt, SamplingParams params, long seed) {}
