package dev.perennial.agents.entity;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * What an agent reports about itself ({@code GetStatus}).
 *
 * @param activity IDLE (no pack in progress), WORKING, or HALTED (see {@code haltReason})
 * @param position position of the current (or last) episode in the pack
 * @param phase    what the episode in flight waits for
 */
public record AgentStatus(
    String agentId,
    Activity activity,
    String hints,
    Optional<String> packId,
    Optional<String> groupId,
    int position,
    int packSize,
    Optional<String> episodeId,
    Optional<EpisodeKind> episodeKind,
    Optional<Episode.Phase> phase,
    Optional<String> haltReason,
    Counters counters) implements CborSerializable {

  public enum Activity { IDLE, WORKING, HALTED }

  static AgentStatus of(String agentId, AgentState s) {
    Activity activity = s.halted() ? Activity.HALTED : s.working() ? Activity.WORKING : Activity.IDLE;
    return new AgentStatus(agentId, activity, s.hints(),
        s.pack().map(p -> p.pack().packId()), s.pack().map(PackRun::groupId),
        s.pack().map(PackRun::position).orElse(0), s.pack().map(p -> p.pack().size()).orElse(0),
        s.episode().map(Episode::episodeId), s.episode().map(Episode::kind), s.episode().map(Episode::phase),
        s.pack().flatMap(PackRun::halted), s.counters());
  }
}
