package dev.perennial.learner.model;

import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/** Seeded initial weights, generated in Java so that a seed means the same model on every device. */
final class WeightInit {
  private static final double STD = 0.02;

  private WeightInit() {}

  static void apply(CausalLm model, long seed) {
    int layers = model.config().numHiddenLayers();
    int index = 0;
    try (NoGrad g = NoGrad.enter()) {
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        String name = e.getKey();
        var array = e.getValue().getArray();
        int n = Math.toIntExact(array.size());
        float[] data = new float[n];
        if (name.endsWith("norm.weight")) {
          java.util.Arrays.fill(data, 1f);
        } else if (!name.endsWith(".bias")) {
          boolean residualOut = name.endsWith("o_proj.weight") || name.endsWith("down_proj.weight");
          double std = residualOut ? STD / Math.sqrt(2.0 * layers) : STD;
          Random random = new Random(seed * 1_000_003L + index);
          for (int i = 0; i < n; i++) data[i] = (float) (random.nextGaussian() * std);
        }
        array.set(FloatBuffer.wrap(data));
        index++;
      }
    }
  }
}
