package dev.perennial.learner.testing;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Episode records as agents write them, for learner tests: one turn per episode (a prompt of 3
 * injected tokens, 2 sampled tokens with log-probs), a solve's outcome = its task reward, an
 * update's penalty = h_i. Ids follow the agents' scheme ("agent#1/s0").
 */
public final class Episodes {
  private Episodes() {}

  public static EpisodeRecord solve(String group, String agent, int position, int packSize, double reward, long version) {
    return record(group, agent, position, packSize, EpisodeKind.SOLVE, new Rewards(reward, 0, 0, reward >= 1), version);
  }

  public static EpisodeRecord update(String group, String agent, int position, int packSize, double h, long version) {
    return record(group, agent, position, packSize, EpisodeKind.UPDATE, new Rewards(0, 0, h, h == 0), version);
  }

  public static EpisodeRecord record(String group, String agent, int position, int packSize, EpisodeKind kind, Rewards rewards,
      long version) {
    String id = agent + "#1/" + (kind == EpisodeKind.SOLVE ? "s" : "u") + position;
    Turn turn = new Turn("abc", new int[] {1, 2, 3}, "de", new int[] {4, 5}, new float[] {-0.5f, -0.7f}, FinishReason.STOP, version);
    return new EpisodeRecord(id, agent, "test-env", "pack-" + group, group, position, packSize, kind, "t" + position, version,
        List.of(turn), rewards, "", "", "", false, 0, 0, 0L, 0L);
  }

  /**
   * A whole group: runs[i] = {task rewards r_0..r_{n-1}, then update rewards h_0..h_{n-2}}, all at
   * {@code version}; episodes in the order agents would finish them (run by run, s0 u0 s1 …).
   */
  public static List<EpisodeRecord> group(String group, long version, double[][] runs) {
    List<EpisodeRecord> out = new ArrayList<>();
    for (int r = 0; r < runs.length; r++) {
      int n = (runs[r].length + 1) / 2;
      String agent = group + "-a" + r;
      for (int p = 0; p < n; p++) {
        out.add(solve(group, agent, p, n, runs[r][p], version));
        if (p < n - 1) out.add(update(group, agent, p, n, runs[r][n + p], version));
      }
    }
    return out;
  }
}
