package dev.perennial.learner.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A training batch being filled by dynamic sampling: each generation round offers groups, groups
 * without signal are dropped, and rounds continue until {@code targetGroups} are kept. After
 * {@code maxRounds} rounds without filling the batch it gives up with a {@link Exhausted} error,
 * since the tasks are then almost all solved or almost all failed. Immutable: {@link #offer}
 * returns the next state. With filtering off every group is kept.
 *
 * @param surplus kept groups beyond the target (generated but not used)
 */
public record DynamicBatch<G>(List<G> groups, int targetGroups, int maxRounds, boolean filter,
                              int rounds, int kept, int dropped, int surplus) {
  public static final int DEFAULT_MAX_ROUNDS = 10;

  public DynamicBatch {
    groups = List.copyOf(groups);
    if (targetGroups < 1) throw new IllegalArgumentException("target groups must be >= 1, got " + targetGroups);
    if (maxRounds < 1) throw new IllegalArgumentException("max-generation-batches must be >= 1, got " + maxRounds);
  }

  /** An empty batch. */
  public static <G> DynamicBatch<G> empty(int targetGroups, int maxRounds, boolean filter) {
    return new DynamicBatch<>(List.of(), targetGroups, maxRounds, filter, 0, 0, 0, 0);
  }

  public boolean full() { return groups.size() >= targetGroups; }

  /** Kept / (kept + dropped): the per-step ratio the report plots; 1 before any group arrived. */
  public double keptRatio() { return kept + dropped == 0 ? 1 : (double) kept / (kept + dropped); }

  /**
   * Adds one generation round. {@code hasSignal} decides per group (e.g.
   * {@link DynamicSampling#hasSignal(double[])} on its rewards).
   *
   * @throws Exhausted when this was round {@code maxRounds} and the batch is still not full
   */
  public DynamicBatch<G> offer(List<G> round, Predicate<G> hasSignal) {
    if (full()) throw new IllegalStateException("the batch is already full");
    List<G> next = new ArrayList<>(groups);
    int k = kept;
    int d = dropped;
    int extra = surplus;
    for (G g : round) {
      if (filter && !hasSignal.test(g)) {
        d++;
        continue;
      }
      k++;
      if (next.size() < targetGroups) next.add(g); else extra++;
    }
    var after = new DynamicBatch<>(next, targetGroups, maxRounds, filter, rounds + 1, k, d, extra);
    if (!after.full() && after.rounds >= maxRounds) throw new Exhausted(after);
    return after;
  }

  /** Generates rounds with {@code generator} until the batch is full (for synchronous callers). */
  public static <G> DynamicBatch<G> fill(int targetGroups, int maxRounds, boolean filter,
                                         Supplier<List<G>> generator, Predicate<G> hasSignal) {
    DynamicBatch<G> batch = empty(targetGroups, maxRounds, filter);
    while (!batch.full()) batch = batch.offer(generator.get(), hasSignal);
    return batch;
  }

  /** Dynamic sampling gave up; carries the counts for the report. */
  public static final class Exhausted extends RuntimeException {
    private final transient DynamicBatch<?> batch;

    Exhausted(DynamicBatch<?> batch) {
      super("dynamic sampling gave up after " + batch.rounds() + " generation rounds (max-generation-batches): kept "
          + batch.groups().size() + " of " + batch.targetGroups() + " groups, dropped " + batch.dropped()
          + " groups whose rewards were all equal; tasks too easy or too hard for the current policy");
      this.batch = batch;
    }

    public DynamicBatch<?> batch() { return batch; }
  }
}
