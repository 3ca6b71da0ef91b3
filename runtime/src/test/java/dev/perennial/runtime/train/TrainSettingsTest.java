package dev.perennial.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {
  private static TrainSettings settings(String overrides) {
    return TrainSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  @Test
  void theSftLearningRateWarmsUpThenDecaysToTheMinimumRatio() {
    var s = settings("perennial.train.sft { steps = 100, learning-rate = 2e-3, warmup-steps = 10, min-lr-ratio = 0.5 }").sftSchedule();
    assertEquals(1e-3, s.at(5), 1e-12, "half-way through the warm-up");
    assertEquals(2e-3, s.at(10), 1e-12, "the peak at the end of the warm-up");
    assertEquals(1.5e-3, s.at(55), 1e-9, "half-way through the decay: the middle of peak and minimum");
    assertEquals(1e-3, s.at(100), 1e-12, "the minimum at the last step");
  }

  @Test
  void aRatioOfOneKeepsTheRateConstantAndABadRatioNamesItsKey() {
    var s = settings("perennial.train.sft { steps = 100, learning-rate = 2e-3, warmup-steps = 10, min-lr-ratio = 1 }").sftSchedule();
    assertEquals(2e-3, s.at(90), 1e-12);
    var e = assertThrows(IllegalArgumentException.class, () -> settings("perennial.train.sft.min-lr-ratio = 0"));
    assertTrue(e.getMessage().contains("perennial.train.sft.min-lr-ratio"), e.getMessage());
  }
}
