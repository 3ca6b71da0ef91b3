package dev.perennial.learner.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.perennial.learner.rl.AggregationMode;
import dev.perennial.learner.rl.KlEstimator;
import dev.perennial.learner.rl.KlPenalty;
import dev.perennial.learner.rl.LossAggregation;
import dev.perennial.learner.rl.PolicyObjective;
import dev.perennial.learner.rl.TokenLosses;
import dev.perennial.learner.train.TokenLoss;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DJL losses against the pure-Java reference: same values, gradients only through masked-in
 * tokens (even where placeholders are NaN), and no dependence on the micro-batch split.
 */
class DjlLossesTest {
  private static final List<PolicyObjective> OBJECTIVES = List.of(
      PolicyObjective.PpoClip.DEFAULT, PolicyObjective.RecOneSided.DEFAULT, new PolicyObjective.Sft());
  private static final List<KlPenalty> KLS = List.of(KlPenalty.OFF,
      new KlPenalty(KlEstimator.K1, 0.05), new KlPenalty(KlEstimator.K2, 0.05), new KlPenalty(KlEstimator.K3, 0.05));
  private static NDManager root;

  @BeforeAll
  static void start() { root = NDManager.newBaseManager(); }

  @AfterAll
  static void stop() { root.close(); }

  /** The normalised DJL loss of sequences [from, to), with gradients into {@code logProbs}. */
  private static NDArray djlLoss(NDManager m, LossFixture f, PolicyObjective obj, KlPenalty kl, Aggregation agg,
                                 NDArray logProbs, int from, int to, DataType type) {
    TokenLoss loss = new KlTerm(kl).plus(Losses.of(obj), LossFixture.array(m, f.rows(f.refLogProbs(), from, to), type));
    return agg.normalise(loss.weightedSum(logProbs, f.batch(m, agg, from, to, type)));
  }

  private static double pureLoss(LossFixture f, double[][] logProbs, PolicyObjective obj, KlPenalty kl, AggregationMode mode) {
    double[][] l = TokenLosses.perToken(obj, kl, logProbs, f.oldLogProbs(), f.refLogProbs(), f.advantages(), f.mask());
    return LossAggregation.aggregate(l, f.mask(), mode, f.length());
  }

  @Test
  void djlValueEqualsThePureValueForEveryLossKlAndMode() {
    var f = LossFixture.random(1, 5, 7);
    for (DataType type : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
      double tol = type == DataType.FLOAT64 ? 1e-9 : 1e-5;
      for (PolicyObjective obj : OBJECTIVES) {
        for (KlPenalty kl : KLS) {
          for (AggregationMode mode : AggregationMode.values()) {
            try (NDManager m = root.newSubManager()) {
              var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), mode, f.length());
              NDArray lp = LossFixture.array(m, f.logProbs(), type);
              double djl = djlLoss(m, f, obj, kl, agg, lp, 0, f.batchSize(), type).toType(DataType.FLOAT64, false).getDouble();
              double pure = pureLoss(f, f.logProbs(), obj, kl, mode);
              assertEquals(pure, djl, tol, obj.name() + " " + kl + " " + mode + " " + type);
            }
          }
        }
      }
    }
  }

  @Test
  void gradientFlowsOnlyThroughMaskedInTokensAndMatchesFiniteDifferences() {
    var f = LossFixture.random(2, 4, 6);
    for (PolicyObjective obj : OBJECTIVES) {
      for (KlPenalty kl : List.of(KlPenalty.OFF, new KlPenalty(KlEstimator.K3, 0.1))) {
        try (NDManager m = root.newSubManager()) {
          var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), AggregationMode.TOKEN_MEAN, f.length());
          NDArray lp = LossFixture.array(m, f.logProbs(), DataType.FLOAT64);
          lp.setRequiresGradient(true);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(djlLoss(m, f, obj, kl, agg, lp, 0, f.batchSize(), DataType.FLOAT64));
          }
          double[] grad = lp.getGradient().toDoubleArray();
          for (int i = 0; i < f.batchSize(); i++) {
            for (int t = 0; t < f.length(); t++) {
              double g = grad[i * f.length() + t];
              String where = obj.name() + " kl=" + kl.enabled() + " [" + i + "," + t + "]";
              if (f.mask()[i][t] == 0) {
                assertEquals(0.0, g, 0.0, where + " is masked out");
              } else {
                assertEquals(finiteDifference(f, obj, kl, i, t), g, 1e-6, where);
              }
            }
          }
        }
      }
    }
  }

  private static double finiteDifference(LossFixture f, PolicyObjective obj, KlPenalty kl, int i, int t) {
    double h = 1e-6;
    double[][] lp = java.util.Arrays.stream(f.logProbs()).map(double[]::clone).toArray(double[][]::new);
    lp[i][t] += h;
    double up = pureLoss(f, lp, obj, kl, AggregationMode.TOKEN_MEAN);
    lp[i][t] -= 2 * h;
    double down = pureLoss(f, lp, obj, kl, AggregationMode.TOKEN_MEAN);
    return (up - down) / (2 * h);
  }

  @Test
  void microBatchSplitGivesTheFullBatchLossAndGradient() {
    var f = LossFixture.random(3, 6, 5);
    for (PolicyObjective obj : OBJECTIVES) {
      for (AggregationMode mode : AggregationMode.values()) {
        try (NDManager m = root.newSubManager()) {
          var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), mode, f.length());
          NDArray whole = LossFixture.array(m, f.logProbs(), DataType.FLOAT64);
          whole.setRequiresGradient(true);
          double full;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = djlLoss(m, f, obj, KlPenalty.OFF, agg, whole, 0, 6, DataType.FLOAT64);
            full = loss.getDouble();
            gc.backward(loss);
          }
          NDArray split = LossFixture.array(m, f.logProbs(), DataType.FLOAT64);
          split.setRequiresGradient(true);
          double sum = 0;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            int[][] micro = {{0, 1}, {1, 4}, {4, 6}};
            for (int[] r : micro) {
              NDArray part = split.get(new NDIndex(r[0] + ":" + r[1] + ", :"));
              NDArray loss = djlLoss(m, f, obj, KlPenalty.OFF, agg, part, r[0], r[1], DataType.FLOAT64);
              sum += loss.getDouble();
              gc.backward(loss);
            }
          }
          String what = obj.name() + " " + mode.configName();
          assertEquals(full, sum, 1e-12, what);
          double[] g1 = whole.getGradient().toDoubleArray();
          double[] g2 = split.getGradient().toDoubleArray();
          for (int k = 0; k < g1.length; k++) assertEquals(g1[k], g2[k], 1e-12, what + " grad " + k);
        }
      }
    }
  }

  @Test
  void mismatchedShapesAreAClearError() {
    var f = LossFixture.random(4, 3, 4);
    try (NDManager m = root.newSubManager()) {
      var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), AggregationMode.TOKEN_MEAN, 4);
      var batch = f.batch(m, agg, 0, 3, DataType.FLOAT32);
      NDArray wrong = m.zeros(new ai.djl.ndarray.types.Shape(3, 5));
      var e = assertThrows(IllegalArgumentException.class, () -> new PpoClipLoss(PolicyObjective.PpoClip.DEFAULT).weightedSum(wrong, batch));
      assertTrue(e.getMessage().contains("mask"), e.getMessage());
    }
  }

  @Test
  void perTokenAdvantagesGiveTheSameLossAsPerSequenceOnes() {
    var f = LossFixture.random(7, 4, 6);
    for (PolicyObjective obj : List.of(PolicyObjective.PpoClip.DEFAULT, PolicyObjective.RecOneSided.DEFAULT)) {
      try (NDManager m = root.newSubManager()) {
        var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), AggregationMode.TOKEN_MEAN, 6);
        var perSequence = f.batch(m, agg, 0, 4, DataType.FLOAT64);
        double[][] spread = new double[4][6];
        for (int i = 0; i < 4; i++) {
          for (int t = 0; t < 6; t++) spread[i][t] = f.mask()[i][t] == 0 ? 0 : f.advantages()[i];
        }
        var perToken = new TokenLoss.TokenBatch(perSequence.mask(), perSequence.oldLogProbs(),
            LossFixture.array(m, spread, DataType.FLOAT64), perSequence.sequenceWeights());
        NDArray lp = LossFixture.array(m, f.logProbs(), DataType.FLOAT64);
        TokenLoss loss = Losses.of(obj);
        assertEquals(loss.weightedSum(lp, perSequence).getDouble(), loss.weightedSum(lp, perToken).getDouble(), 1e-12, obj.name());
        var bad = new TokenLoss.TokenBatch(perSequence.mask(), perSequence.oldLogProbs(), m.zeros(new ai.djl.ndarray.types.Shape(4, 5),
            DataType.FLOAT64), perSequence.sequenceWeights());
        var e = assertThrows(IllegalArgumentException.class, () -> loss.weightedSum(lp, bad));
        assertTrue(e.getMessage().contains("advantages"), e.getMessage());
      }
    }
  }

  @Test
  void sftNeedsNoAdvantages() {
    var f = LossFixture.random(5, 3, 4);
    try (NDManager m = root.newSubManager()) {
      var agg = Aggregation.over(LossAggregation.validTokens(f.mask()), AggregationMode.TOKEN_MEAN, 4);
      var full = f.batch(m, agg, 0, 3, DataType.FLOAT64);
      var bare = new TokenLoss.TokenBatch(full.mask(), null, null, full.sequenceWeights());
      NDArray lp = LossFixture.array(m, f.logProbs(), DataType.FLOAT64);
      double expected = pureLoss(f, f.logProbs(), new PolicyObjective.Sft(), KlPenalty.OFF, AggregationMode.TOKEN_MEAN);
      assertEquals(expected, agg.normalise(new SftLoss().weightedSum(lp, bare)).getDouble(), 1e-12);
    }
  }

  @Test
  void aggregationFromTheMaskArrayMatchesThePlan() {
    var f = LossFixture.random(6, 4, 5);
    try (NDManager m = root.newSubManager()) {
      var fromArray = Aggregation.over(LossFixture.array(m, f.mask(), DataType.FLOAT32), AggregationMode.SEQ_MEAN_TOKEN_MEAN, 5);
      var plan = LossAggregation.plan(LossAggregation.validTokens(f.mask()), AggregationMode.SEQ_MEAN_TOKEN_MEAN, 5);
      assertEquals(plan.normaliser(), fromArray.normaliser());
      double[] w = fromArray.sequenceWeights(m, 0, 4, DataType.FLOAT64).toDoubleArray();
      for (int i = 0; i < 4; i++) assertEquals(plan.sequenceWeights()[i], w[i], 1e-12);
    }
  }
}
