package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.ledger.EpisodeRef;
import dev.perennial.persistence.CborSerializable;

/** An episode the learner will not train, and why (stale, untrainable, zero-variance group, …). */
public record Dropped(EpisodeRef episode, String reason) implements CborSerializable {
  public static Dropped of(EpisodeRecord e, String reason) { return new Dropped(EpisodeRef.of(e), reason); }
}
