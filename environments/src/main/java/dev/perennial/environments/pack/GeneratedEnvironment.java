package dev.perennial.environments.pack;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Base of the procedural environments: subclasses draw a hidden rule and {@code count} tasks from
 * a random stream; this class gives packs their ids, applies the train/eval partition of
 * {@link PackSeeds}, and builds the Ralph variant (one task drawn, repeated {@code size} times with
 * the hidden state fixed).
 */
public abstract class GeneratedEnvironment implements Environment {
  /** Draws the hidden rule and {@code count} tasks; task ids are assigned afterwards. */
  protected abstract PackDraft draft(PackSpec spec, int count, SplittableRandom rng);

  @Override
  public final Pack pack(PackSpec spec) {
    int count = spec.ralph() ? 1 : spec.size();
    PackDraft d = PackSeeds.generate(name(), spec, rng -> repeated(draft(spec, count, rng), spec), PackDraft::fingerprint);
    String packId = packId(spec);
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < spec.size(); i++) {
      Task t = d.tasks().get(i);
      tasks.add(new Task(packId + "/t" + i, name(), t.dataSource(), t.prompt(), t.groundTruth(), t.extraInfo(), t.tools()));
    }
    return new Pack(packId, name(), spec, tasks, d.ruleDescription());
  }

  /** The pack's tasks as delivered (the Ralph task repeated), which is what the split partition fingerprints. */
  private static PackDraft repeated(PackDraft d, PackSpec spec) {
    if (!spec.ralph()) return d;
    return new PackDraft(d.ruleDescription(), java.util.Collections.nCopies(spec.size(), d.tasks().get(0)));
  }

  public String packId(PackSpec spec) {
    return name() + ":" + spec.split().name().toLowerCase(Locale.ROOT) + ":d" + spec.difficulty() + ":n" + spec.size()
        + (spec.ralph() ? ":ralph" : "") + ":" + spec.seed();
  }

  /** Picks {@code count} distinct indices of {@code [0, n)} when possible, else with repeats. */
  protected static int[] distinct(SplittableRandom rng, int n, int count) {
    int[] out = new int[count];
    if (count > n) {
      for (int i = 0; i < count; i++) out[i] = rng.nextInt(n);
      return out;
    }
    int[] pool = new int[n];
    for (int i = 0; i < n; i++) pool[i] = i;
    for (int i = 0; i < count; i++) {
      int j = i + rng.nextInt(n - i);
      int tmp = pool[i];
      pool[i] = pool[j];
      pool[j] = tmp;
      out[i] = pool[i];
    }
    return out;
  }
}
