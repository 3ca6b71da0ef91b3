package dev.perennial.learner.rl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GRPO / Dr. GRPO over single-episode rewards: the rollouts of one (group, kind, position) cell
 * are the G responses to one prompt.
 */
public record GroupRelativeAdvantage(boolean divideByStd) implements AdvantageEstimator {
  @Override public double[] estimate(List<Rollout> rollouts) {
    Map<Rollout.Cell, List<Integer>> cells = new LinkedHashMap<>();
    for (int i = 0; i < rollouts.size(); i++) {
      cells.computeIfAbsent(rollouts.get(i).cell(), c -> new ArrayList<>()).add(i);
    }
    double[] out = new double[rollouts.size()];
    for (List<Integer> members : cells.values()) {
      double[] rewards = members.stream().mapToDouble(i -> rollouts.get(i).reward()).toArray();
      double[] a = divideByStd ? GroupAdvantages.grpo(rewards) : GroupAdvantages.drGrpo(rewards);
      for (int k = 0; k < a.length; k++) out[members.get(k)] = a[k];
    }
    return out;
  }

  @Override public String name() { return divideByStd ? "grpo" : "dr-grpo"; }
}
