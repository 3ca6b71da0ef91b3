package dev.perennial.agents.episode;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.perennial.persistence.CborSerializable;
import java.util.List;

/**
 * A finished episode: the unit the learner trains on. For a solve, {@code taskId} is the task and
 * {@code answer} the extracted answer; for an update, {@code hints} is the context it wrote.
 *
 * @param groupId   rollouts that share a pack and seed (same hidden rule, same tasks) share a group
 * @param position  task position within the pack (an update at position i writes hints for task i+1)
 * @param groupSize how many rollout sequences (agents) the group has, so the learner knows when it is
 *                  complete (G × (2n − 1) episodes); 0 = not recorded (the learner's configured size applies)
 * @param truncated ended by max turns or max tokens, never trained as complete
 */
public record EpisodeRecord(
    String episodeId,
    String agentId,
    String environment,
    String packId,
    String groupId,
    int position,
    int packSize,
    int groupSize,
    EpisodeKind kind,
    String taskId,
    long policyVersion,
    List<Turn> turns,
    Rewards rewards,
    String answer,
    String hints,
    String feedback,
    boolean truncated,
    int toolCalls,
    int toolFailures,
    long startedAtMillis,
    long finishedAtMillis) implements CborSerializable {

  @JsonCreator
  public EpisodeRecord {
    turns = List.copyOf(turns);
    if (groupSize < 0) throw new IllegalArgumentException("groupSize must be >= 0 (0 = not recorded), got " + groupSize);
  }

  /** Without a recorded group size (0): for producers that do not know it, and events written before it existed. */
  public EpisodeRecord(String episodeId, String agentId, String environment, String packId, String groupId, int position,
      int packSize, EpisodeKind kind, String taskId, long policyVersion, List<Turn> turns, Rewards rewards, String answer,
      String hints, String feedback, boolean truncated, int toolCalls, int toolFailures, long startedAtMillis,
      long finishedAtMillis) {
    this(episodeId, agentId, environment, packId, groupId, position, packSize, 0, kind, taskId, policyVersion, turns, rewards,
        answer, hints, feedback, truncated, toolCalls, toolFailures, startedAtMillis, finishedAtMillis);
  }

  /** The same record with the group size set (the rollout coordinator knows it; agents may not). */
  public EpisodeRecord withGroupSize(int size) {
    return new EpisodeRecord(episodeId, agentId, environment, packId, groupId, position, packSize, size, kind, taskId,
        policyVersion, turns, rewards, answer, hints, feedback, truncated, toolCalls, toolFailures, startedAtMillis,
        finishedAtMillis);
  }

  public int generatedTokens() {
    return turns.stream().mapToInt(Turn::generatedTokens).sum();
  }

  /** Lowest policy version that produced any of its turns: what staleness is measured against. */
  public long oldestPolicyVersion() {
    return turns.stream().mapToLong(Turn::policyVersion).min().orElse(policyVersion);
  }
}
