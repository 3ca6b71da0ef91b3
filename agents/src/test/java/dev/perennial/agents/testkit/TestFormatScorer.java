package dev.perennial.agents.testkit;

import dev.perennial.environments.verify.FormatScorer;

/** A test format scorer: +1 for an answer and no malformed calls, −1 for malformed calls, else 0. */
public final class TestFormatScorer implements FormatScorer {
  @Override
  public FormatScore score(String responseText, int malformedToolCalls) {
    if (malformedToolCalls > 0) return new FormatScore(-1, malformedToolCalls + " malformed tool calls");
    if (responseText.contains("<answer>") && responseText.contains("</answer>")) return new FormatScore(1, "well formed");
    return new FormatScore(0, "no answer");
  }
}
