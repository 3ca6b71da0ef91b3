package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RL-SPEC §4: the check values and invariance to micro-batch splitting for all five modes. */
class LossAggregationTest {
  private static final double[][] LOSS = {{1, 2, 3, 4}, {5, 6, 0, 0}};
  private static final double[][] MASK = {{1, 1, 1, 1}, {1, 1, 0, 0}};

  @Test
  void directValuesMatchTheSpecCheck() {
    assertEquals(3.5, LossAggregation.aggregate(LOSS, MASK, AggregationMode.TOKEN_MEAN, 4), 1e-12);
    assertEquals(10.5, LossAggregation.aggregate(LOSS, MASK, AggregationMode.SEQ_MEAN_TOKEN_SUM, 4), 1e-12);
    assertEquals(4.0, LossAggregation.aggregate(LOSS, MASK, AggregationMode.SEQ_MEAN_TOKEN_MEAN, 4), 1e-12);
    assertEquals(2.625, LossAggregation.aggregate(LOSS, MASK, AggregationMode.SEQ_MEAN_TOKEN_SUM_NORM, 4), 1e-12);
    assertEquals(21, LossAggregation.aggregate(LOSS, MASK, AggregationMode.TOKEN_SUM, 4), 1e-12);
  }

  @Test
  void plannedValuesMatchTheSpecCheck() {
    double[] expected = {3.5, 4.0, 10.5, 2.625, 21};
    for (AggregationMode mode : AggregationMode.values()) {
      var plan = LossAggregation.plan(LossAggregation.validTokens(MASK), mode, 4);
      assertEquals(expected[mode.ordinal()], plan.weightedSum(LOSS, MASK, 0, 2) / plan.normaliser(), 1e-12, mode.configName());
    }
  }

  @Test
  void everySplitIntoMicroBatchesGivesTheFullBatchValue() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      int b = 1 + rnd.nextInt(9);
      int t = 1 + rnd.nextInt(12);
      double[][] loss = new double[b][t];
      double[][] mask = new double[b][t];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < t; j++) {
          loss[i][j] = rnd.nextGaussian();
          mask[i][j] = rnd.nextDouble() < 0.6 ? 1 : 0;
        }
      }
      mask[rnd.nextInt(b)][rnd.nextInt(t)] = 1;   // at least one valid token
      for (AggregationMode mode : AggregationMode.values()) {
        double direct = LossAggregation.aggregate(loss, mask, mode, t);
        var plan = LossAggregation.plan(LossAggregation.validTokens(mask), mode, t);
        double sum = 0;
        int from = 0;
        while (from < b) {
          int to = from + 1 + rnd.nextInt(b - from);
          sum += plan.weightedSum(Arrays.copyOfRange(loss, from, to), Arrays.copyOfRange(mask, from, to), from, to);
          from = to;
        }
        assertEquals(direct, sum / plan.normaliser(), 1e-10, mode.configName() + " trial " + trial);
      }
    }
  }

  @Test
  void sequencesWithoutValidTokensDoNotCount() {
    double[][] loss = {{1, 2}, {9, 9}};
    double[][] mask = {{1, 1}, {0, 0}};
    assertEquals(1.5, LossAggregation.aggregate(loss, mask, AggregationMode.SEQ_MEAN_TOKEN_MEAN, 2), 1e-12);
    var plan = LossAggregation.plan(LossAggregation.validTokens(mask), AggregationMode.SEQ_MEAN_TOKEN_SUM, 2);
    assertEquals(1, plan.normaliser());
    assertEquals(0, plan.sequenceWeights()[1]);
  }

  @Test
  void aBatchWithNothingToTrainIsAnError() {
    assertThrows(IllegalArgumentException.class,
        () -> LossAggregation.plan(new double[] {0, 0}, AggregationMode.TOKEN_MEAN, 4));
    assertThrows(IllegalArgumentException.class,
        () -> LossAggregation.aggregate(new double[][] {{1}}, new double[][] {{0}}, AggregationMode.TOKEN_MEAN, 4));
  }

  @Test
  void modesAreNamed() {
    for (AggregationMode m : AggregationMode.values()) assertEquals(m, AggregationMode.named(m.configName()));
    var e = assertThrows(IllegalArgumentException.class, () -> AggregationMode.named("mean"));
    assertEquals(true, e.getMessage().contains("token-mean"));
  }
}
