package dev.perennial.environments.verify;

/**
 * RITE's format component: scores the Plan → Action → Reflection structure of a solve episode's
 * whole response text (all generated segments, tool output excluded) in {−1, 0, +1}.
 */
public interface FormatScorer {
  FormatScore score(String responseText, int malformedToolCalls);

  /** {@code value} ∈ {−1, 0, +1} and why. */
  record FormatScore(int value, String reason) {}
}
