package dev.perennial.environments.dataset;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.Split;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.pack.PackSeeds;
import dev.perennial.environments.pack.SingleAnswerSession;
import dev.perennial.environments.rows.GuruRow;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns loaded Guru/verl rows into packs: a pack is {@code size} rows drawn (seeded) from the
 * rows of its split, each scored by the verifier its data source routes to. A row's split is its
 * {@code extra_info.split} when that says train or test/eval/validation, otherwise a bit of the
 * hash of its content ({@link PackSeeds#splitOf}), so a row never serves both splits. Rows share no
 * hidden rule; the difficulty knob is ignored.
 */
public final class DatasetEnvironment implements Environment {
  private final String name;
  private final List<GuruRow> train = new ArrayList<>();
  private final List<GuruRow> eval = new ArrayList<>();
  private final VerifierRegistry verifiers;

  public DatasetEnvironment(String name, List<GuruRow> rows, VerifierRegistry verifiers) {
    this.name = name;
    this.verifiers = verifiers;
    for (GuruRow r : rows) (splitOf(r) == Split.TRAIN ? train : eval).add(r);
  }

  static Split splitOf(GuruRow r) {
    String s = r.extraInfo().getOrDefault("split", "").toLowerCase(Locale.ROOT);
    if (s.equals("train")) return Split.TRAIN;
    if (s.equals("test") || s.equals("eval") || s.equals("validation") || s.equals("val")) return Split.EVAL;
    return PackSeeds.splitOf(r.dataSource() + "\u0000" + r.question() + "\u0000" + r.groundTruth());
  }

  @Override
  public String name() { return name; }

  @Override
  public String instructions() { return "Solve the task. Put the final answer in <answer>…</answer> or \\boxed{}."; }

  public int rows(Split split) { return (split == Split.TRAIN ? train : eval).size(); }

  @Override
  public Pack pack(PackSpec spec) {
    List<GuruRow> pool = spec.split() == Split.TRAIN ? train : eval;
    if (pool.isEmpty()) throw new IllegalStateException("dataset " + name + " has no " + spec.split() + " rows");
    SplittableRandom rng = PackSeeds.rng(name, spec, 0);
    String packId = name + ":" + spec.split().name().toLowerCase(Locale.ROOT) + ":n" + spec.size() + (spec.ralph() ? ":ralph" : "") + ":" + spec.seed();
    List<Task> tasks = new ArrayList<>();
    GuruRow fixed = pool.get(rng.nextInt(pool.size()));
    for (int i = 0; i < spec.size(); i++) {
      GuruRow r = spec.ralph() ? fixed : i == 0 ? fixed : pool.get(rng.nextInt(pool.size()));
      tasks.add(new Task(packId + "/t" + i, name, r.dataSource(), r.question(), r.groundTruth(), r.extraInfo(), List.of("python")));
    }
    return new Pack(packId, name, spec, tasks, "rows of " + name);
  }

  @Override
  public TaskSession open(Task task) {
    return new SingleAnswerSession(task, verifiers.forDataSource(task.dataSource()), DatasetEnvironment::feedback);
  }

  static String feedback(Task task, Score score) {
    return score.success() ? "Correct." : "Wrong: " + score.reason() + ".";
  }

  /** Rows per split, for reports. */
  public Map<Split, Integer> sizes() { return Map.of(Split.TRAIN, train.size(), Split.EVAL, eval.size()); }
}
