package dev.perennial.learner.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.perennial.learner.train.TokenLoss;
import java.util.Arrays;
import java.util.Random;

/**
 * A random mini-batch with loss-masked tokens whose log-prob placeholders are NaN or garbage, as
 * injected tool/feedback tokens may carry; the same data as plain doubles and as arrays.
 */
record LossFixture(double[][] logProbs, double[][] oldLogProbs, double[][] refLogProbs, double[] advantages,
                   double[][] mask) {

  static LossFixture random(long seed, int b, int t) {
    Random rnd = new Random(seed);
    double[][] lp = new double[b][t];
    double[][] old = new double[b][t];
    double[][] ref = new double[b][t];
    double[][] mask = new double[b][t];
    double[] adv = new double[b];
    for (int i = 0; i < b; i++) {
      adv[i] = i == 0 ? 0 : rnd.nextGaussian();
      for (int j = 0; j < t; j++) {
        mask[i][j] = rnd.nextDouble() < 0.65 ? 1 : 0;
        if (mask[i][j] == 1) {
          lp[i][j] = -0.05 - 3 * rnd.nextDouble();
          old[i][j] = lp[i][j] + 0.4 * rnd.nextGaussian();
          ref[i][j] = lp[i][j] + 0.5 * rnd.nextGaussian();
        } else {
          lp[i][j] = Double.NaN;
          old[i][j] = rnd.nextBoolean() ? Double.NaN : 1e30;
          ref[i][j] = Double.NaN;
        }
      }
      mask[i][rnd.nextInt(t)] = mask[i][0];   // keep some rows sparse
    }
    for (int j = 0; j < t; j++) mask[b - 1][j] = 0;   // one sequence with nothing to train
    mask[0][0] = 1;
    lp[0][0] = -1.0;
    old[0][0] = -1.2;
    ref[0][0] = -0.7;
    return new LossFixture(lp, old, ref, adv, mask);
  }

  int batchSize() { return mask.length; }

  int length() { return mask[0].length; }

  double[][] rows(double[][] m, int from, int to) { return Arrays.copyOfRange(m, from, to); }

  static NDArray array(NDManager manager, double[][] m, DataType type) {
    double[] flat = Arrays.stream(m).flatMapToDouble(Arrays::stream).toArray();
    return manager.create(flat, new Shape(m.length, m[0].length)).toType(type, false);
  }

  /** The batch of sequences [from, to) with the aggregation's weights for them. */
  TokenLoss.TokenBatch batch(NDManager manager, Aggregation agg, int from, int to, DataType type) {
    return new TokenLoss.TokenBatch(
        array(manager, rows(mask, from, to), type),
        array(manager, rows(oldLogProbs, from, to), type),
        manager.create(Arrays.copyOfRange(advantages, from, to)).toType(type, false),
        agg.sequenceWeights(manager, from, to, type));
  }
}
