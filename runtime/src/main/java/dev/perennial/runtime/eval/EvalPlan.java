package dev.perennial.runtime.eval;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic work of an eval: for every environment, packs {@code seed}, {@code seed + 1},
 * … of its evaluation split, each walked by {@code samples} agents. Agent ids
 * ({@code eval-<id>-<environment>-p<i>-s<j>}) and group ids ({@code eval/<id>/<environment>/p<i>})
 * depend only on the eval id and the position in the plan, so a re-run finds its agents' episodes
 * in the journal. Groups start with {@code eval/}, which the learner never trains on.
 */
public record EvalPlan(String agentPrefix, List<Entry> entries) {

  /** One agent of the plan: which environment, which pack (index), which sample. */
  public record Entry(PackDriver.Job job, String environment, int packIndex, int sample) {}

  public static EvalPlan of(String evalId, List<Environment> environments, int packs, int packSize, int samples, long seed,
      int difficulty) {
    String prefix = "eval-" + evalId + "-";
    List<Entry> entries = new ArrayList<>();
    for (Environment env : environments) {
      String safe = env.name().replaceAll("[^A-Za-z0-9_-]", "-");
      for (int i = 0; i < packs; i++) {
        Pack pack = env.pack(new PackSpec(seed + i, packSize, Split.EVAL, difficulty, false));
        String group = "eval/" + evalId + "/" + env.name() + "/p" + i;
        for (int s = 0; s < samples; s++) {
          entries.add(new Entry(new PackDriver.Job(prefix + safe + "-p" + i + "-s" + s, pack, group), env.name(), i, s));
        }
      }
    }
    return new EvalPlan(prefix, List.copyOf(entries));
  }

  public List<PackDriver.Job> jobs() { return entries.stream().map(Entry::job).toList(); }

  public List<String> agentIds() { return entries.stream().map(e -> e.job().agentId()).toList(); }

  /** Episodes a complete run journals: n solves and n − 1 updates per agent. */
  public long expectedEpisodes() {
    return entries.stream().mapToLong(e -> 2L * e.job().pack().size() - 1).sum();
  }
}
