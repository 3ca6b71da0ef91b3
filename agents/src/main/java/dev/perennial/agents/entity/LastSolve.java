package dev.perennial.agents.entity;

import dev.perennial.agents.episode.Rewards;
import dev.perennial.persistence.CborSerializable;

/** The solve episode an update episode reflects on: what the agent did and how it went. */
public record LastSolve(String episodeId, int position, String trajectory, double reward, boolean success, String feedback)
    implements CborSerializable {

  static LastSolve of(Episode solve, Rewards rewards, String feedback) {
    return new LastSolve(solve.episodeId(), solve.position(), solve.trajectory(), rewards.total(false), rewards.success(), feedback);
  }
}
