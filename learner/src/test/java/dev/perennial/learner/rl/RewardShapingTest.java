package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RL-SPEC §5 overlong check, format + outcome composition, truncation. */
class RewardShapingTest {
  @Test
  void overlongPenaltyMatchesTheSpecCheck() {
    var o = new OverlongShaping(20480, 4096);
    assertEquals(0, o.penalty(16384), 1e-12);
    assertEquals(-0.5, o.penalty(18432), 1e-12);
    assertEquals(-1.0, o.penalty(20480), 1e-12);
    assertEquals(-1.0, o.penalty(30000), 1e-12);
    assertEquals(0, o.penalty(100), 1e-12);
  }

  @Test
  void formatIsAddedOnlyWhenConfigured() {
    assertEquals(1.0, RewardShaping.DEFAULT.shape(1, -1, 0, false, 10).reward(), 1e-12);
    var rite = new RewardShaping(true, 0, RewardShaping.Truncated.REWARD, Optional.empty());
    assertEquals(0.0, rite.shape(1, -1, 0, false, 10).reward(), 1e-12);
    assertEquals(2.0, rite.shape(1, 1, 0, false, 10).reward(), 1e-12);
    assertEquals(-0.1, rite.shape(0, 0, -0.1, false, 10).reward(), 1e-12);
  }

  @Test
  void truncatedEpisodeGetsTheTruncationRewardAndStaysFlagged() {
    var shaping = new RewardShaping(true, -0.5, RewardShaping.Truncated.REWARD, Optional.empty());
    var s = shaping.shape(1, 1, 0, true, 10);
    assertEquals(-0.5, s.reward(), 1e-12);
    assertTrue(s.truncated());
    assertTrue(s.trainable());
    var dropped = new RewardShaping(false, 0, RewardShaping.Truncated.DROP, Optional.empty()).shape(1, 0, 0, true, 10);
    assertFalse(dropped.trainable());
    assertTrue(dropped.truncated());
  }

  @Test
  void overlongPenaltyAddsToTheReward() {
    var shaping = new RewardShaping(false, 0, RewardShaping.Truncated.REWARD, Optional.of(new OverlongShaping(20480, 4096)));
    var s = shaping.shape(1, 0, 0, false, 18432);
    assertEquals(0.5, s.reward(), 1e-12);
    assertEquals(-0.5, s.lengthPenalty(), 1e-12);
    assertEquals(-1.0, shaping.shape(1, 0, 0, true, 20480).reward(), 1e-12);
  }

  @Test
  void stepPenaltyOnSuccess() {
    assertEquals(0.9 - 0.0, RewardShaping.stepPenalised(1, 8, 8, 0.1), 1e-12);
    assertEquals(1 - 0.1 * 3 / 8.0, RewardShaping.stepPenalised(1, 3, 8, 0.1), 1e-12);
    assertEquals(0, RewardShaping.stepPenalised(0, 3, 8, 0.1), 1e-12);
  }

  @Test
  void badInputsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> RewardShaping.DEFAULT.shape(Double.NaN, 0, 0, false, 1));
    assertThrows(IllegalArgumentException.class, () -> RewardShaping.DEFAULT.shape(1, 2, 0, false, 1));
    assertThrows(IllegalArgumentException.class, () -> new OverlongShaping(100, 200));
    assertThrows(IllegalArgumentException.class, () -> RewardShaping.Truncated.named("ignore"));
  }
}
