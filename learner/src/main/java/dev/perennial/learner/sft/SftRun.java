package dev.perennial.learner.sft;

import dev.perennial.learner.train.StepMetrics;
import dev.perennial.learner.train.TrainSequence;
import dev.perennial.learner.train.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The cold-start supervised phase: {@code steps} optimizer steps of masked cross-entropy on
 * shuffled mini-batches of expert traces (epochs wrap around the shuffled list). Blocking; run it
 * on the thread that owns the trainer.
 */
public final class SftRun {
  private SftRun() {}

  /** Runs all {@code steps}. */
  public static List<StepMetrics> run(Trainer trainer, List<TrainSequence> examples, int steps, int batchSize, long seed,
      Consumer<StepMetrics> onStep) {
    return run(trainer, examples, steps, batchSize, seed, onStep, () -> false);
  }

  /**
   * @param onStep called after every step (progress bars, metrics files)
   * @param stop   checked before every step: true ends the run early (e.g. Ctrl-C), never inside a step
   * @return the metrics of every step done
   */
  public static List<StepMetrics> run(Trainer trainer, List<TrainSequence> examples, int steps, int batchSize, long seed,
      Consumer<StepMetrics> onStep, java.util.function.BooleanSupplier stop) {
    if (examples.isEmpty()) throw new IllegalArgumentException("no SFT examples: the expert traces are empty");
    if (batchSize < 1) throw new IllegalArgumentException("SFT batch size must be >= 1, got " + batchSize);
    List<TrainSequence> order = new ArrayList<>(examples);
    Random rng = new Random(seed);
    Collections.shuffle(order, rng);
    List<StepMetrics> out = new ArrayList<>();
    int at = 0;
    for (int s = 0; s < steps && !stop.getAsBoolean(); s++) {
      List<TrainSequence> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize) {
        if (at == order.size()) {
          Collections.shuffle(order, rng);
          at = 0;
        }
        batch.add(order.get(at++));
      }
      StepMetrics m = trainer.sftStep(batch);
      out.add(m);
      onStep.accept(m);
    }
    return out;
  }
}
