package dev.perennial.learner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.perennial.learner.testing.TinyModels;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CausalLmTest {
  static NDManager base;

  @BeforeAll
  static void start() { base = NDManager.newBaseManager(); }

  @AfterAll
  static void stop() { base.close(); }

  @Test
  void logitsOfATokenDoNotDependOnLaterTokens() {
    for (ModelConfig c : new ModelConfig[] {TinyModels.config(40), TinyModels.untied(40)}) {
      try (CausalLm model = CausalLm.create(c, base, 7); NDManager m = base.newSubManager(); NoGrad g = NoGrad.enter()) {
        long[][] a = randomTokens(2, 12, 40, 1);
        long[][] b = new long[2][12];
        for (int r = 0; r < 2; r++) for (int i = 0; i < 12; i++) b[r][i] = i < 7 ? a[r][i] : (a[r][i] + 1) % 40;
        float[][][] la = logits(model, m, a);
        float[][][] lb = logits(model, m, b);
        for (int r = 0; r < 2; r++) {
          for (int t = 0; t < 12; t++) {
            double diff = maxDiff(la[r][t], lb[r][t]);
            if (t < 7) assertEquals(0.0, diff, 1e-6, "row " + r + " position " + t + " saw a later token");
            else assertTrue(diff > 1e-4, "position " + t + " should see its own changed prefix");
          }
        }
      }
    }
  }

  @Test
  void cachedDecodingEqualsFullRecompute() {
    ModelConfig c = TinyModels.config(40);
    try (CausalLm model = CausalLm.create(c, base, 3); NDManager m = base.newSubManager(); NoGrad g = NoGrad.enter()) {
      int rows = 3, total = 20;
      int[] promptLengths = {5, 9, 2};
      long[][] tokens = randomTokens(rows, total, 40, 11);
      float[][][] full = logits(model, m, tokens);
      try (KvCache cache = new KvCache(m, c, rows, 4)) {
        int maxPrompt = 9;
        try (NDManager step = m.newSubManager();
             KvCache prefill = KvCache.forPrefill(step, c, rows, maxPrompt)) {
          long[] padded = new long[rows * maxPrompt];
          for (int r = 0; r < rows; r++)
            for (int i = 0; i < promptLengths[r]; i++) padded[r * maxPrompt + maxPrompt - promptLengths[r] + i] = tokens[r][i];
          NDArray in = step.create(padded, new Shape(rows, maxPrompt));
          NDArray hidden = model.forward(in, Masks.leftPaddedPositions(step, promptLengths, maxPrompt),
              Masks.leftPadded(step, promptLengths, maxPrompt), prefill, false);
          prefill.advance(maxPrompt);
          float[] last = model.logits(hidden, false).toFloatArray();
          for (int r = 0; r < rows; r++) {
            float[] got = java.util.Arrays.copyOfRange(last, (r * maxPrompt + maxPrompt - 1) * 40, (r * maxPrompt + maxPrompt) * 40);
            assertEquals(0.0, maxDiff(got, full[r][promptLengths[r] - 1]), 1e-5, "prefill row " + r);
          }
          cache.reserve(maxPrompt, 1);
          for (int r = 0; r < rows; r++) cache.place(r, prefill, r, promptLengths[r]);
        }
        int[] length = promptLengths.clone();
        for (int stepIndex = 0; stepIndex < 8; stepIndex++) {
          try (NDManager step = m.newSubManager()) {
            cache.reserve(0, 1);
            long[] next = new long[rows], pos = new long[rows];
            for (int r = 0; r < rows; r++) {
              next[r] = tokens[r][length[r]];
              pos[r] = length[r];
            }
            NDArray hidden = model.forward(step.create(next, new Shape(rows, 1)), step.create(pos, new Shape(rows, 1)),
                cache.decodeMask(step), cache, false);
            cache.advance(1);
            float[] out = model.logits(hidden, false).toFloatArray();
            for (int r = 0; r < rows; r++) {
              float[] got = java.util.Arrays.copyOfRange(out, r * 40, (r + 1) * 40);
              assertEquals(0.0, maxDiff(got, full[r][length[r]]), 1e-5, "decode row " + r + " at " + length[r]);
              length[r]++;
            }
          }
          if (stepIndex == 3) { // a sequence leaves and the cache drops its row
            cache.release(1);
            int[] map = cache.compactRows();
            assertEquals(-1, map[1]);
            tokens = new long[][] {tokens[0], tokens[2]};
            full = new float[][][] {full[0], full[2]};
            length = new int[] {length[0], length[2]};
            rows = 2;
          }
        }
      }
    }
  }

  static float[][][] logits(CausalLm model, NDManager m, long[][] tokens) {
    try (NDManager step = m.newSubManager()) {
      int b = tokens.length, t = tokens[0].length;
      long[] flat = new long[b * t];
      for (int r = 0; r < b; r++) System.arraycopy(tokens[r], 0, flat, r * t, t);
      NDArray logits = model.causalLogits(step.create(flat, new Shape(b, t)), false);
      int v = (int) logits.getShape().get(2);
      float[] all = logits.toFloatArray();
      float[][][] out = new float[b][t][];
      for (int r = 0; r < b; r++)
        for (int i = 0; i < t; i++) out[r][i] = java.util.Arrays.copyOfRange(all, (r * t + i) * v, (r * t + i + 1) * v);
      return out;
    }
  }

  static long[][] randomTokens(int b, int t, int vocab, long seed) {
    Random random = new Random(seed);
    long[][] out = new long[b][t];
    for (long[] row : out) for (int i = 0; i < t; i++) row[i] = random.nextInt(vocab);
    return out;
  }

  static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }
}
