package dev.perennial.environments.pack;

import dev.perennial.environments.Task;
import java.util.List;
import java.util.TreeMap;

/** A generated pack before it gets its id: the hidden rule (for reports and tests) and the tasks. */
public record PackDraft(String ruleDescription, List<Task> tasks) {
  public PackDraft {
    tasks = List.copyOf(tasks);
  }

  /** What makes two packs the same: the rule and every task's prompt, truth and hidden data. */
  public String fingerprint() {
    StringBuilder b = new StringBuilder(ruleDescription).append('\u0000');
    for (Task t : tasks) {
      b.append(t.prompt()).append('\u0001').append(t.groundTruth()).append('\u0001')
          .append(new TreeMap<>(t.extraInfo())).append('\u0000');
    }
    return b.toString();
  }
}
