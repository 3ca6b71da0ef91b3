package dev.perennial.learner.loop;

import dev.perennial.learner.rl.LossAggregation;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.train.StepMetrics;
import dev.perennial.learner.train.TokenLoss;
import dev.perennial.learner.train.TrainSequence;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import dev.perennial.learner.train.loss.Losses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The learner's {@link PolicyTrainer} on the DJL {@link Trainer}: per step, {@code ppo-epochs}
 * passes over the step's sequences, each shuffled and split into {@code mini-batches}; every
 * mini-batch is one optimizer update with the configured policy loss (PPO-clip against the
 * recorded behaviour log-probs, or REC) and the loss-aggregation mode's weights and normaliser
 * computed over that mini-batch (so micro-batching inside the trainer cannot change the result).
 * AdamW, warm-up and global-norm clipping are the trainer's.
 */
public final class DjlPolicyTrainer implements PolicyTrainer {
  private final Trainer trainer;
  private final RlSettings rl;
  private final TokenLoss loss;
  private final int epochs;
  private final int miniBatches;
  private final Random rng;
  private final Map<String, String> description;

  private DjlPolicyTrainer(Trainer trainer, RlSettings rl, LearnerSettings settings, TrainerSettings ts, long seed) {
    if (rl.kl().enabled()) {
      throw new IllegalArgumentException("perennial.learner.rl.kl-coefficient > 0 needs reference log-probs, which the DJL learner "
          + "does not compute yet; set it to 0");
    }
    this.trainer = trainer;
    this.rl = rl;
    this.loss = Losses.of(rl.policyLoss());
    this.epochs = settings.ppoEpochs();
    this.miniBatches = settings.miniBatches();
    this.rng = new Random(seed);
    Map<String, String> d = new LinkedHashMap<>();
    d.put("rl", rl.describe());
    d.put("ppo_epochs", Integer.toString(epochs));
    d.put("mini_batches", Integer.toString(miniBatches));
    d.put("learning_rate", Double.toString(ts.schedule().peak()));
    d.put("warmup_steps", Integer.toString(ts.schedule().warmupSteps()));
    d.put("max_grad_norm", Double.toString(ts.maxGradNorm()));
    d.put("weight_decay", Double.toString(ts.weightDecay()));
    d.put("parameters", Long.toString(trainer.model().config().parameterCount()));
    this.description = Map.copyOf(d);
  }

  /** Opens checkpoints with the trainer settings {@code ts} (a checkpoint's optimizer state, if saved, is resumed). */
  public static PolicyTrainer.Factory factory(TrainerSettings ts, RlSettings rl, LearnerSettings settings, long seed) {
    return dir -> new DjlPolicyTrainer(Trainer.fromCheckpoint(dir, ts), rl, settings, ts, seed);
  }

  @Override
  public TrainMetrics train(List<EpisodeSequence> sequences) {
    if (sequences.isEmpty()) throw new IllegalArgumentException("a step needs at least one sequence");
    long start = System.nanoTime();
    int updates = 0;
    int skipped = 0;
    double loss = 0;
    double norm = 0;
    double maxNorm = 0;
    double lr = 0;
    double clipped = 0;
    int clipCounted = 0;
    long tokens = 0;
    long trained = 0;
    List<EpisodeSequence> order = new ArrayList<>(sequences);
    for (int epoch = 0; epoch < epochs; epoch++) {
      Collections.shuffle(order, rng);
      int parts = Math.min(miniBatches, order.size());
      for (int p = 0; p < parts; p++) {
        List<EpisodeSequence> mini = order.subList(p * order.size() / parts, (p + 1) * order.size() / parts);
        StepMetrics m = update(mini);
        if (m.skipped()) skipped++; else updates++;
        loss += m.loss();
        norm += Double.isFinite(m.gradNorm()) ? m.gradNorm() : 0;
        maxNorm = Math.max(maxNorm, Double.isFinite(m.gradNorm()) ? m.gradNorm() : 0);
        lr = m.learningRate();
        if (!Double.isNaN(m.clipFraction())) {
          clipped += m.clipFraction();
          clipCounted++;
        }
        tokens += m.tokens();
        trained += m.trainedTokens();
      }
    }
    int n = Math.max(1, updates + skipped);
    return new TrainMetrics(updates, skipped, loss / n, norm / n, maxNorm, lr, tokens, trained, (System.nanoTime() - start) / 1e9,
        clipCounted == 0 ? Double.NaN : clipped / clipCounted);
  }

  private StepMetrics update(List<EpisodeSequence> mini) {
    double[] valid = new double[mini.size()];
    for (int i = 0; i < valid.length; i++) valid[i] = mini.get(i).trainedTokens();
    LossAggregation.AggregationPlan plan = LossAggregation.plan(valid, rl.aggregation(), rl.maxGenerationLength());
    List<TrainSequence> batch = new ArrayList<>(mini.size());
    for (int i = 0; i < mini.size(); i++) {
      EpisodeSequence s = mini.get(i);
      batch.add(new TrainSequence(s.tokens(), s.lossMask(), s.behaviourLogProbs(), s.advantage(), (float) plan.sequenceWeights()[i]));
    }
    return trainer.step(batch, loss, plan.normaliser());
  }

  @Override
  public String save(Path dir, Map<String, String> metadata) throws IOException { return trainer.save(dir, metadata); }

  @Override
  public int maxSequenceTokens() { return trainer.model().config().maxPositionEmbeddings(); }

  @Override
  public Map<String, String> describe() { return description; }

  @Override
  public void close() { trainer.close(); }
}
