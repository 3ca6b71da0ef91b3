package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every episode of a rollout group: G runs (one per agent) of 2n − 1 episodes on the same pack.
 *
 * @param episodes in arrival order
 */
public record CompleteGroup(String groupId, int runs, int packSize, List<EpisodeRecord> episodes) {
  public CompleteGroup {
    episodes = List.copyOf(episodes);
  }

  /** The episodes of each run (agent), runs in order of first arrival. */
  public Map<String, List<EpisodeRecord>> byRun() {
    Map<String, List<EpisodeRecord>> out = new LinkedHashMap<>();
    for (EpisodeRecord e : episodes) out.computeIfAbsent(e.agentId(), a -> new ArrayList<>()).add(e);
    return out;
  }
}
