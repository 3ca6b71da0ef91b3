package dev.perennial.learner.rl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CoD credit assignment (RL-SPEC §1): each run's causal returns G, then A = G − b with b the mean
 * of G over the group's runs at the same (kind, position). No std normalisation. Every run of a
 * group must be a whole pass through the same pack (n solves at 0..n−1, n−1 updates at 0..n−2):
 * a partial run would silently get a wrong reward-to-go, so it is rejected.
 */
public record CodAdvantage(ReturnMode returns) implements AdvantageEstimator {
  @Override public double[] estimate(List<Rollout> rollouts) {
    Map<String, Map<String, List<Integer>>> groups = new LinkedHashMap<>();
    for (int i = 0; i < rollouts.size(); i++) {
      Rollout r = rollouts.get(i);
      groups.computeIfAbsent(r.groupId(), g -> new LinkedHashMap<>())
          .computeIfAbsent(r.runId(), run -> new ArrayList<>()).add(i);
    }
    double[] g = new double[rollouts.size()];
    for (var group : groups.entrySet()) {
      int packSize = -1;
      for (var run : group.getValue().entrySet()) {
        int n = returnsOfRun(group.getKey(), run.getKey(), run.getValue(), rollouts, g);
        if (packSize >= 0 && n != packSize) {
          throw new IllegalArgumentException("group " + group.getKey() + " mixes runs of " + packSize + " and " + n
              + " tasks; all runs of a group must cover the same pack");
        }
        packSize = n;
      }
    }
    return minusCellMean(rollouts, g);
  }

  @Override public String name() { return "cod"; }

  /** Writes G of each episode of one run into {@code g}; returns the run's pack size. */
  private int returnsOfRun(String groupId, String runId, List<Integer> members, List<Rollout> rollouts, double[] g) {
    Map<Integer, Integer> solves = new HashMap<>();
    Map<Integer, Integer> updates = new HashMap<>();
    for (int idx : members) {
      Rollout r = rollouts.get(idx);
      var byPosition = r.kind() == Rollout.Kind.SOLVE ? solves : updates;
      if (byPosition.put(r.position(), idx) != null) {
        throw new IllegalArgumentException("group " + groupId + ", run " + runId + ": two " + r.kind()
            + " episodes at position " + r.position());
      }
    }
    int n = solves.size();
    if (n == 0) throw new IllegalArgumentException("group " + groupId + ", run " + runId + " has no solve episode");
    double[] taskRewards = new double[n];
    double[] updateRewards = new double[Math.max(0, n - 1)];
    for (int i = 0; i < n; i++) taskRewards[i] = rewardAt(solves, i, "solve", groupId, runId, rollouts);
    for (int i = 0; i < n - 1; i++) updateRewards[i] = rewardAt(updates, i, "update", groupId, runId, rollouts);
    if (updates.size() != updateRewards.length) {
      throw new IllegalArgumentException("group " + groupId + ", run " + runId + ": " + n + " solves need "
          + updateRewards.length + " updates at positions 0.." + (n - 2) + ", got " + updates.keySet());
    }
    CodReturns.RunReturns rr = CodReturns.of(taskRewards, updateRewards, returns);
    solves.forEach((pos, idx) -> g[idx] = rr.solve()[pos]);
    updates.forEach((pos, idx) -> g[idx] = rr.update()[pos]);
    return n;
  }

  private static double rewardAt(Map<Integer, Integer> byPosition, int i, String what, String groupId, String runId,
                                 List<Rollout> rollouts) {
    Integer idx = byPosition.get(i);
    if (idx == null) {
      throw new IllegalArgumentException("group " + groupId + ", run " + runId + ": missing " + what
          + " at position " + i + " (have " + byPosition.keySet() + ")");
    }
    return rollouts.get(idx).reward();
  }

  private static double[] minusCellMean(List<Rollout> rollouts, double[] g) {
    Map<Rollout.Cell, double[]> sums = new HashMap<>();   // cell -> {Σ G, count}
    for (int i = 0; i < g.length; i++) {
      double[] s = sums.computeIfAbsent(rollouts.get(i).cell(), c -> new double[2]);
      s[0] += g[i];
      s[1] += 1;
    }
    double[] a = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      double[] s = sums.get(rollouts.get(i).cell());
      a[i] = g[i] - s[0] / s[1];
    }
    return a;
  }
}
