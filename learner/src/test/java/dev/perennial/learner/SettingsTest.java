package dev.perennial.learner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.learner.inference.PolicyServerSettings;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.train.LearningRateSchedule;
import dev.perennial.learner.train.TrainerSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** reference.conf has every key the settings records read, with the documented defaults. */
class SettingsTest {
  final Config learner = ConfigFactory.load().getConfig("perennial.learner");

  @Test
  void defaultModelIsTheTinyQwen2ShapedPolicy() {
    ModelConfig c = ModelConfig.from(learner.getConfig("model"), 442, List.of(0));
    assertEquals(ModelConfig.defaultTiny(442, List.of(0)), c);
    assertTrue(c.parameterCount() > 2_000_000 && c.parameterCount() < 5_000_000, "parameters: " + c.parameterCount());
  }

  @Test
  void inferenceAndTrainingSettingsRead() {
    PolicyServerSettings s = PolicyServerSettings.from(learner.getConfig("inference"));
    assertEquals("auto", s.device());
    assertEquals(64, s.maxBatchSize());
    assertEquals(512L << 20, s.prefixCacheBytes());
    assertTrue(ConfigFactory.load().hasPath(PolicyServerSettings.DISPATCHER));
    TrainerSettings t = TrainerSettings.from(learner.getConfig("train"));
    assertEquals(LearningRateSchedule.Kind.CONSTANT, t.schedule().kind());
    assertEquals(1.0, t.maxGradNorm());
    assertEquals(20, t.schedule().warmupSteps());
  }

  @Test
  void torchThreadsAutoGivesEachOpRunningThreadHalfTheCores() {
    int n = dev.perennial.learner.model.Devices.configureThreads(learner);
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), n);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    Config bad = ConfigFactory.parseString("schedule = cosine, total-steps = 5, warmup-steps = 10").withFallback(learner.getConfig("train"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainerSettings.from(bad));
    assertTrue(e.getMessage().contains("total-steps"), e.getMessage());
    Config badBatch = ConfigFactory.parseString("max-batch-size = 0").withFallback(learner.getConfig("inference"));
    e = assertThrows(IllegalArgumentException.class, () -> PolicyServerSettings.from(badBatch));
    assertTrue(e.getMessage().contains("max-batch-size"), e.getMessage());
  }
}
