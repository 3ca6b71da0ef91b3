package dev.perennial.agents.episode;

import dev.perennial.persistence.CborSerializable;

/**
 * Reward components of an episode. {@code outcome}: the verifier's score (task reward r_i for a
 * solve; 0 for an update); {@code format}: the plan/act/reflect structure score in {−1, 0, +1};
 * {@code penalty}: e.g. −0.1 for an update whose hints block failed to parse (h_i), or a step penalty.
 * {@code success} is the verifier's binary verdict, used for success rates.
 */
public record Rewards(double outcome, double format, double penalty, boolean success) implements CborSerializable {
  public static final Rewards NONE = new Rewards(0, 0, 0, false);

  /** The scalar the learner uses for the task reward: outcome plus penalty (format is added only when configured). */
  public double total(boolean withFormat) { return outcome + penalty + (withFormat ? format : 0); }
}
