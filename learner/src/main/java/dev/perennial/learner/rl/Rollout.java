package dev.perennial.learner.rl;

/**
 * One episode as the advantage estimators see it: plain numbers, independent of how agents record
 * episodes. A CoD run is the ordered solve/update episodes of one pass through a pack; the runs of
 * one group share a pack (same hidden rule, same tasks).
 *
 * @param groupId  the group whose rollouts share a baseline (GRPO: one prompt; CoD: one pack)
 * @param runId    which rollout sequence of the group this episode belongs to (CoD); any value for GRPO
 * @param kind     solve or update
 * @param position task index in the pack (an update at i writes the hints for task i+1)
 * @param reward   the episode's scalar reward (r_i for a solve, h_i for an update)
 * @param tokens   generated tokens of the episode: its weight in token sums (RED reweighting)
 */
public record Rollout(String groupId, String runId, Kind kind, int position, double reward, int tokens) {
  /** CoD's two episode kinds; GRPO-style single episodes are solves at position 0. */
  public enum Kind { SOLVE, UPDATE }

  public Rollout {
    if (groupId == null || runId == null || kind == null) {
      throw new IllegalArgumentException("groupId, runId and kind are required");
    }
    if (position < 0) throw new IllegalArgumentException("position must be >= 0, got " + position);
    if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
    if (!Double.isFinite(reward)) {
      throw new IllegalArgumentException("reward of " + groupId + "/" + runId + " " + kind + "@" + position
          + " is not finite: " + reward);
    }
  }

  /** A single-episode rollout (GRPO family): one response to the group's prompt. */
  public static Rollout single(String groupId, String runId, double reward, int tokens) {
    return new Rollout(groupId, runId, Kind.SOLVE, 0, reward, tokens);
  }

  /** The (group, kind, position) cell whose rollouts share a baseline. */
  record Cell(String groupId, Kind kind, int position) {}

  Cell cell() { return new Cell(groupId, kind, position); }
}
