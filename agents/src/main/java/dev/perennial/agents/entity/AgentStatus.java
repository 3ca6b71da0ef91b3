package dev.perennial.agents.entity;

import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * What an agent reports about itself ({@code GetStatus}).
 *
 * @param activity IDLE (no pack in progress), WORKING, or HALTED (see {@code haltReason})
 * @param position position of the current (or last) episode in the pack
 * @param phase    what the episode in flight waits for
 * @param profile  how a deployed agent works (empty: it works packs)
 * @param tasks    a deployed agent's outside tasks: accepted in all, not yet answered, answered and waiting for feedback
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
    Counters counters,
    Optional<AgentProfile> profile,
    TaskCounts tasks) implements CborSerializable {

  public enum Activity { IDLE, WORKING, HALTED }

  /** A deployed agent's outside tasks by stage. */
  public record TaskCounts(int accepted, int unanswered, int awaitingFeedback) implements CborSerializable {
    public static final TaskCounts NONE = new TaskCounts(0, 0, 0);
  }

  /** An agent that was never given a pack nor deployed: nothing is known about it. */
  public boolean unknown() {
    return profile.isEmpty() && counters.packsAssigned() == 0 && packId.isEmpty();
  }

  static AgentStatus of(String agentId, AgentState s) {
    Activity activity = s.halted() ? Activity.HALTED : s.working() ? Activity.WORKING : Activity.IDLE;
    return new AgentStatus(agentId, activity, s.hints(),
        s.pack().map(p -> p.pack().packId()), s.pack().map(PackRun::groupId),
        s.pack().map(PackRun::position).orElse(0), s.pack().map(p -> p.pack().size()).orElse(0),
        s.episode().map(Episode::episodeId), s.episode().map(Episode::kind), s.episode().map(Episode::phase),
        s.pack().flatMap(PackRun::halted), s.counters(), s.deployment().map(Deployment::profile),
        s.deployment().map(d -> new TaskCounts(d.accepted(), (int) d.unanswered(), (int) d.awaitingFeedback())).orElse(TaskCounts.NONE));
  }
}
