package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.testing.TinyModels;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.LearningRateSchedule;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learner's DJL trainer on a tiny model: PPO steps push up what a positive advantage rewards, and checkpoints resume. */
class DjlPolicyTrainerTest {
  @Test
  void positiveAdvantagesRaiseTheSampledTokensLogProbsAndCheckpointsCarryTheOptimizer(@TempDir Path dir) throws Exception {
    int vocab = PolicyTokenizer.bundled().size();
    TrainerSettings ts = new TrainerSettings(new LearningRateSchedule(3e-3, 2, LearningRateSchedule.Kind.CONSTANT, 0, 0),
        0.0, 0.9, 0.95, 1e-8, 1.0, 8, 4096, "cpu");
    try (Trainer init = Trainer.create(TinyModels.config(vocab), PolicyTokenizer.bundled(), ts, 3)) {
      init.save(dir.resolve("v0"), Map.of());
    }
    var config = ConfigFactory.parseString("perennial.learner.loop { ppo-epochs = 2, mini-batches = 2 }\n"
        + "perennial.learner.rl.red-weight = off").withFallback(ConfigFactory.load());
    PolicyTrainer.Factory factory = DjlPolicyTrainer.factory(ts, RlSettings.from(config), LearnerSettings.from(config), 7);
    int[] tokens = {300, 301, 302, 303, 304, 305};
    float[] mask = {0, 0, 0, 1, 1, 1};
    EpisodeSequence good;
    float before;
    try (PolicyTrainer t = factory.open(dir.resolve("v0"))) {
      assertEquals(128, t.maxSequenceTokens());
      float[] lp = logProbs(dir.resolve("v0"), ts, tokens);
      before = lp[3] + lp[4] + lp[5];
      good = new EpisodeSequence("e", tokens, mask, new float[] {0, 0, 0, lp[3], lp[4], lp[5]}, 1f);
      EpisodeSequence bad = new EpisodeSequence("f", new int[] {300, 301, 302, 310, 311}, new float[] {0, 0, 0, 1, 1},
          new float[] {0, 0, 0, -6, -6}, -1f);
      TrainMetrics m = null;
      for (int i = 0; i < 5; i++) m = t.train(List.of(good, bad));
      assertEquals(4, m.updates());
      assertTrue(Double.isFinite(m.loss()) && m.gradNorm() > 0, m.toString());
      assertTrue(m.clipFraction() >= 0, "PPO-clip reports its clip fraction");
      t.save(dir.resolve("v1"), Map.of("step", "1"));
    }
    assertTrue(Files.isRegularFile(dir.resolve("v1").resolve(Trainer.OPTIMIZER_STATE)));
    float[] after = logProbs(dir.resolve("v1"), ts, tokens);
    assertTrue(after[3] + after[4] + after[5] > before + 0.1, "log-prob of the rewarded tokens rose: " + before + " -> "
        + (after[3] + after[4] + after[5]));
  }

  private static float[] logProbs(Path checkpoint, TrainerSettings ts, int[] tokens) throws Exception {
    try (Trainer t = Trainer.fromCheckpoint(checkpoint, ts)) {
      return t.logProbs(List.of(tokens))[0];
    }
  }
}
