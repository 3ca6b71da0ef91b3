package dev.perennial.environments;

import java.util.List;

/**
 * Tasks of one environment instance that share a hidden rule (CoD). The rule itself is kept by
 * the environment; {@code ruleDescription} is for reports and scripted experts, never shown to agents.
 */
public record Pack(String packId, String environment, PackSpec spec, List<Task> tasks, String ruleDescription) {
  public Pack {
    tasks = List.copyOf(tasks);
    if (tasks.isEmpty()) throw new IllegalArgumentException("a pack has at least one task");
  }

  public int size() { return tasks.size(); }

  public Task task(int position) { return tasks.get(position); }
}
