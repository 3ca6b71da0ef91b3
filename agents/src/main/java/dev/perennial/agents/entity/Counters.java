package dev.perennial.agents.entity;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.CborSerializable;

/** Lifetime totals of one agent, for status pages and metrics. */
public record Counters(
    long packsAssigned,
    long packsCompleted,
    long solveEpisodes,
    long updateEpisodes,
    long successes,
    long truncated,
    long turns,
    long generatedTokens,
    long toolCalls,
    long toolFailures,
    long malformedCalls,
    long hintsParseFailures) implements CborSerializable {

  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  Counters packAssigned() {
    return new Counters(packsAssigned + 1, packsCompleted, solveEpisodes, updateEpisodes, successes, truncated, turns,
        generatedTokens, toolCalls, toolFailures, malformedCalls, hintsParseFailures);
  }

  Counters packCompleted() {
    return new Counters(packsAssigned, packsCompleted + 1, solveEpisodes, updateEpisodes, successes, truncated, turns,
        generatedTokens, toolCalls, toolFailures, malformedCalls, hintsParseFailures);
  }

  Counters hintsParseFailed() {
    return new Counters(packsAssigned, packsCompleted, solveEpisodes, updateEpisodes, successes, truncated, turns,
        generatedTokens, toolCalls, toolFailures, malformedCalls, hintsParseFailures + 1);
  }

  Counters episode(EpisodeRecord r, int malformed) {
    boolean solve = r.kind() == EpisodeKind.SOLVE;
    return new Counters(packsAssigned, packsCompleted, solveEpisodes + (solve ? 1 : 0), updateEpisodes + (solve ? 0 : 1),
        successes + (solve && r.rewards().success() ? 1 : 0), truncated + (r.truncated() ? 1 : 0), turns + r.turns().size(),
        generatedTokens + r.generatedTokens(), toolCalls + r.toolCalls(), toolFailures + r.toolFailures(),
        malformedCalls + malformed, hintsParseFailures);
  }
}
