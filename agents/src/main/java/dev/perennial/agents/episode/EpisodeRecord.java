package dev.perennial.agents.episode;

import dev.perennial.persistence.CborSerializable;
import java.util.List;

/**
 * A finished episode: the unit the learner trains on. For a solve, {@code taskId} is the task and
 * {@code answer} the extracted answer; for an update, {@code hints} is the context it wrote.
 *
 * @param groupId   rollouts that share a pack and seed (same hidden rule, same tasks) share a group
 * @param position  task position within the pack (an update at position i writes hints for task i+1)
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

  public EpisodeRecord {
    turns = List.copyOf(turns);
  }

  public int generatedTokens() {
    return turns.stream().mapToInt(Turn::generatedTokens).sum();
  }

  /** Lowest policy version that produced any of its turns: what staleness is measured against. */
  public long oldestPolicyVersion() {
    return turns.stream().mapToLong(Turn::policyVersion).min().orElse(policyVersion);
  }
}
