package dev.perennial.learner.ledger;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.CborSerializable;

/**
 * Which episode a ledger line is about: its id plus what a reader needs to make sense of it
 * (group, run, kind, position, the policy version that generated it), so the ledger can be read
 * without the journal.
 */
public record EpisodeRef(String episodeId, String groupId, String agentId, EpisodeKind kind, int position,
    long policyVersion) implements CborSerializable {

  public static EpisodeRef of(EpisodeRecord r) {
    return new EpisodeRef(r.episodeId(), r.groupId(), r.agentId(), r.kind(), r.position(), r.oldestPolicyVersion());
  }
}
