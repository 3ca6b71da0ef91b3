package dev.perennial.learner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.rl.AggregationMode;
import dev.perennial.learner.rl.PolicyObjective;
import dev.perennial.learner.train.loss.Aggregation;
import dev.perennial.learner.train.loss.Losses;
import dev.perennial.learner.testing.TinyModels;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  static final ModelConfig CONFIG = TinyModels.config(CharCount.VOCAB);

  static TrainerSettings settings(double lr, int warmup, double maxNorm, int microSequences) {
    return new TrainerSettings(new LearningRateSchedule(lr, warmup, LearningRateSchedule.Kind.CONSTANT, 0, 0),
        0.01, 0.9, 0.95, 1e-8, maxNorm, microSequences, 4096, "cpu");
  }

  static Trainer trainer(TrainerSettings s) { return Trainer.create(CONFIG, PolicyTokenizer.bundled(), s, 17); }

  /** Random mixed batch: prompts not trained, answers trained, with advantages and behaviour log-probs. */
  static List<TrainSequence> batch(long seed, int n) {
    Random random = new Random(seed);
    List<TrainSequence> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int len = 5 + random.nextInt(12);
      int[] tokens = new int[len];
      float[] mask = new float[len], old = new float[len];
      for (int t = 0; t < len; t++) {
        tokens[t] = 260 + random.nextInt(90);
        mask[t] = t >= len / 2 ? 1 : 0;
        old[t] = mask[t] == 1 ? (float) -random.nextDouble() * 6 : 0;
      }
      out.add(new TrainSequence(tokens, mask, old, (float) random.nextGaussian(), 1f + random.nextInt(3)));
    }
    return out;
  }

  /** Σ w·m·A·logπ: a policy-gradient stand-in that uses every TokenBatch field but the behaviour log-probs. */
  static final TokenLoss PG = (logProbs, b) -> logProbs.mul(b.mask()).mul(b.advantages().mul(b.sequenceWeights()).expandDims(1)).sum().neg();

  @Test
  void sftOnAToyCopyingTaskDrivesTheLossDownClearly() {
    ModelConfig wider = new ModelConfig("qwen2", CharCount.VOCAB, 64, 128, 2, 4, 2, 16, 10000.0, 1e-6, 128, true, true, List.of(0));
    TrainerSettings s = new TrainerSettings(new LearningRateSchedule(1e-2, 20, LearningRateSchedule.Kind.CONSTANT, 0, 0),
        0.0, 0.9, 0.98, 1e-8, 1.0, 64, 4096, "cpu");
    try (Trainer t = Trainer.create(wider, PolicyTokenizer.bundled(), s, 17)) {
      PolicyTokenizer tok = t.tokenizer();
      Random random = new Random(1);
      double first = 0, last = 0;
      int steps = 200;
      for (int step = 0; step < steps; step++) {
        List<TrainSequence> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          StringBuilder word = new StringBuilder();
          for (int k = 0; k < 5; k++) word.append((char) ('a' + random.nextInt(8)));
          int[] prompt = tok.encode("copy " + word + "=");
          int[] all = tok.encode("copy " + word + "=" + word + "<|endoftext|>");
          batch.add(TrainSequence.supervised(all, prompt.length));
        }
        StepMetrics m = t.sftStep(batch);
        assertFalse(m.skipped());
        if (step < 10) first += m.loss() / 10;
        if (step >= steps - 10) last += m.loss() / 10;
      }
      assertTrue(last < 0.05 * first && last < 0.2, "SFT loss went from " + first + " to " + last);
    }
  }

  @Test
  void splittingIntoMicroBatchesDoesNotChangeTheUpdate() {
    List<TrainSequence> batch = batch(3, 7);
    double normaliser = batch.stream().mapToLong(TrainSequence::maskedTokens).sum();
    try (Trainer whole = trainer(settings(1e-2, 0, 1.0, 64)); Trainer split = trainer(settings(1e-2, 0, 1.0, 2))) {
      StepMetrics a = whole.step(batch, PG, normaliser);
      StepMetrics b = split.step(batch, PG, normaliser);
      assertEquals(1, a.microBatches());
      assertEquals(4, b.microBatches());
      assertEquals(a.loss(), b.loss(), 1e-5);
      assertEquals(a.gradNorm(), b.gradNorm(), 1e-5);
      assertClose(whole.logProbs(tokens(batch)), split.logProbs(tokens(batch)), 1e-5);
    }
  }

  @Test
  void ppoClipWithAggregationRunsOnPolicyAndIsIndependentOfTheSplit() {
    List<TrainSequence> raw = batch(21, 6);
    try (Trainer a = trainer(settings(1e-2, 0, 1.0, 64)); Trainer b = trainer(settings(1e-2, 0, 1.0, 2))) {
      // behaviour log-probs = the current policy's, so every ratio is 1 and the loss is −Σ w·A·n / normaliser
      float[][] current = a.logProbs(tokens(raw));
      List<TrainSequence> onPolicy = new ArrayList<>();
      for (int i = 0; i < raw.size(); i++) {
        TrainSequence s = raw.get(i);
        onPolicy.add(new TrainSequence(s.tokens(), s.lossMask(), current[i], s.advantage(), 1f));
      }
      double[] valid = onPolicy.stream().mapToDouble(TrainSequence::maskedTokens).toArray();
      Aggregation agg = Aggregation.over(valid, AggregationMode.SEQ_MEAN_TOKEN_MEAN, 1024);
      TokenLoss ppo = Losses.of(new PolicyObjective.PpoClip(0.2, 0.28, 3.0));
      StepMetrics ma = a.step(onPolicy, ppo, agg);
      StepMetrics mb = b.step(onPolicy, ppo, agg);
      double expected = 0;
      for (TrainSequence s : onPolicy) expected -= s.advantage() / onPolicy.size(); // seq-mean of token-means of −A
      assertEquals(expected, ma.loss(), 1e-5);
      assertEquals(ma.loss(), mb.loss(), 1e-5);
      assertEquals(ma.gradNorm(), mb.gradNorm(), 1e-5);
      assertClose(a.logProbs(tokens(raw)), b.logProbs(tokens(raw)), 1e-5);
    }
  }

  @Test
  void clipsTheGlobalGradientNormItself() {
    // beta1 = beta2 = 0 and a huge epsilon turn AdamW into SGD with step lr/eps: Δθ = −c·g exactly enough to measure ‖Δθ‖.
    List<TrainSequence> batch = batch(5, 4);
    double normaliser = batch.stream().mapToLong(TrainSequence::maskedTokens).sum();
    for (double maxNorm : new double[] {0, 0.05}) {
      TrainerSettings s = new TrainerSettings(new LearningRateSchedule(1e6, 0, LearningRateSchedule.Kind.CONSTANT, 0, 0),
          0.0, 0.0, 0.0, 1e6, maxNorm, 64, 4096, "cpu");
      try (Trainer t = trainer(s)) {
        float[][] before = parameters(t);
        StepMetrics m = t.step(batch, PG, normaliser);
        double moved = distance(before, parameters(t));
        double expected = maxNorm > 0 ? Math.min(maxNorm, m.gradNorm()) : m.gradNorm();
        assertTrue(m.gradNorm() > 0.05, "gradient norm " + m.gradNorm() + " should exceed the clip for this test");
        assertEquals(expected, moved, expected * 1e-3, "max-grad-norm " + maxNorm);
      }
    }
  }

  @Test
  void aNonFiniteGradientSkipsTheUpdateAndClearsGradients() {
    List<TrainSequence> batch = batch(8, 3);
    TokenLoss poisoned = (logProbs, b) -> logProbs.sum().mul(logProbs.getManager().create(Float.NaN));
    try (Trainer t = trainer(settings(1e-2, 0, 1.0, 64)); Trainer clean = trainer(settings(1e-2, 0, 1.0, 64))) {
      float[][] before = parameters(t);
      StepMetrics bad = t.step(batch, poisoned, 10);
      assertTrue(bad.skipped());
      assertEquals(0, t.steps());
      assertEquals(0.0, distance(before, parameters(t)));
      t.step(batch, PG, 10);
      clean.step(batch, PG, 10);
      assertClose(clean.logProbs(tokens(batch)), t.logProbs(tokens(batch)), 1e-6);
    }
  }

  @Test
  void savingAndResumingContinuesTheSameTrajectory(@TempDir Path dir) throws IOException {
    List<TrainSequence> b1 = batch(11, 5), b2 = batch(12, 5);
    try (Trainer a = trainer(settings(1e-2, 3, 1.0, 64))) {
      for (int i = 0; i < 3; i++) a.step(b1, PG, 20);
      a.save(dir, Map.of());
      try (Trainer resumed = Trainer.fromCheckpoint(dir, settings(1e-2, 3, 1.0, 64))) {
        assertEquals(3, resumed.steps());
        for (int i = 0; i < 2; i++) {
          StepMetrics x = a.step(b2, PG, 20), y = resumed.step(b2, PG, 20);
          assertEquals(x.learningRate(), y.learningRate());
          assertEquals(x.loss(), y.loss(), 1e-6);
        }
        assertClose(a.logProbs(tokens(b2)), resumed.logProbs(tokens(b2)), 1e-6);
      }
    }
  }

  @Test
  void badInputIsRefusedWithAClearMessage() {
    assertThrows(IllegalArgumentException.class, () -> new TrainSequence(new int[] {1, 2}, new float[] {1, 1}, new float[2], 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new TrainSequence(new int[] {1, 2, 3}, new float[] {0, 1}, new float[3], 0, 1));
    try (Trainer t = trainer(settings(1e-2, 0, 1.0, 64))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.sftStep(List.of(TrainSequence.supervised(new int[] {1, 99999}, 1))));
      assertTrue(e.getMessage().contains("99999"));
      assertThrows(IllegalArgumentException.class, () -> t.step(batch(1, 2), PG, 0));
    }
  }

  @Test
  void learningRateWarmsUpThenStaysOrFollowsACosine() {
    LearningRateSchedule constant = new LearningRateSchedule(1e-3, 10, LearningRateSchedule.Kind.CONSTANT, 0, 0);
    assertEquals(1e-4, constant.at(1), 1e-12);
    assertEquals(1e-3, constant.at(10), 1e-12);
    assertEquals(1e-3, constant.at(500), 1e-12);
    LearningRateSchedule cosine = new LearningRateSchedule(1e-3, 10, LearningRateSchedule.Kind.COSINE, 110, 0.1);
    assertEquals(0.55e-3, cosine.at(60), 1e-12);
    assertEquals(1e-4, cosine.at(110), 1e-12);
    assertEquals(1e-4, cosine.at(1000), 1e-12);
  }

  static List<int[]> tokens(List<TrainSequence> batch) { return batch.stream().map(TrainSequence::tokens).toList(); }

  static float[][] parameters(Trainer t) {
    return t.model().namedParameters().values().stream().map(p -> p.getArray().toFloatArray()).toArray(float[][]::new);
  }

  static double distance(float[][] a, float[][] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) s += Math.pow(a[i][j] - b[i][j], 2);
    return Math.sqrt(s);
  }

  static void assertClose(float[][] a, float[][] b, double tolerance) {
    for (int i = 0; i < a.length; i++)
      for (int j = 0; j < a[i].length; j++) assertEquals(a[i][j], b[i][j], tolerance, "sequence " + i + " token " + j);
  }

  /** The bundled tokenizer's size, so that test configs match it. */
  static final class CharCount {
    static final int VOCAB = dev.perennial.learner.tokenizer.CharVocabulary.tokens().size();
  }
}
