package dev.perennial.learner.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.policy.SamplingParams;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
  /** The sampler as first written (fresh arrays per token, a boxed index sort for top-p): the oracle. */
  static double[] reference(float[] logits, int offset, int vocab, SamplingParams p) {
    double[] z = new double[vocab];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      z[i] = logits[offset + i] / p.temperature();
      max = Math.max(max, z[i]);
    }
    if (p.topK() > 0 && p.topK() < vocab) {
      double[] sorted = z.clone();
      Arrays.sort(sorted);
      double threshold = sorted[vocab - p.topK()];
      for (int i = 0; i < vocab; i++) if (z[i] < threshold) z[i] = Double.NEGATIVE_INFINITY;
    }
    double[] probs = new double[vocab];
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      probs[i] = z[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(z[i] - max);
      total += probs[i];
    }
    for (int i = 0; i < vocab; i++) probs[i] /= total;
    if (p.topP() < 1.0) {
      Integer[] order = new Integer[vocab];
      for (int i = 0; i < vocab; i++) order[i] = i;
      Arrays.sort(order, (a, b) -> probs[b] != probs[a] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
      double before = 0, kept = 0;
      boolean cut = false;
      for (int i : order) {
        if (cut || probs[i] == 0) {
          probs[i] = 0;
          continue;
        }
        kept += probs[i];
        before += probs[i];
        if (before >= p.topP()) cut = true;
      }
      for (int i = 0; i < vocab; i++) probs[i] /= kept;
    }
    return probs;
  }

  @Test
  void distributionIsBitForBitTheOriginalOne() {
    Random random = new Random(3);
    for (int vocab : new int[] {5, 442, 5000}) {
      float[] logits = new float[vocab];
      for (SamplingParams p : params()) {
        for (int trial = 0; trial < 20; trial++) {
          for (int i = 0; i < vocab; i++) logits[i] = trial % 3 == 0 ? random.nextInt(4) : (float) (random.nextGaussian() * 4);
          double[] expected = reference(logits, 0, vocab, p);
          double[] actual = Sampler.distribution(logits, 0, vocab, p);
          for (int i = 0; i < vocab; i++)
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]), "token " + i + " of " + vocab + " " + p);
        }
      }
    }
  }

  @Test
  void samplesTheSameTokensAndLogProbsForASeed() {
    Random random = new Random(5);
    int vocab = 442;
    float[] logits = new float[vocab * 50];
    for (int i = 0; i < logits.length; i++) logits[i] = (float) (random.nextGaussian() * 3);
    for (SamplingParams p : params()) {
      SplittableRandom a = new SplittableRandom(9), b = new SplittableRandom(9);
      for (int t = 0; t < 50; t++) {
        Sampler.Choice c = Sampler.sample(logits, t * vocab, vocab, p, a);
        double[] probs = reference(logits, t * vocab, vocab, p);
        double u = b.nextDouble(), cumulative = 0;
        int expected = -1;
        for (int i = 0; i < vocab && expected < 0; i++) {
          if (probs[i] <= 0) continue;
          cumulative += probs[i];
          if (u < cumulative) expected = i;
        }
        if (expected >= 0) {
          assertEquals(expected, c.token());
          assertEquals((float) Math.log(probs[expected]), c.logprob());
        }
      }
    }
  }

  @Test
  void nucleusKeepsTheLowerIdsAmongTiesAtTheCut() {
    float[] logits = {0, 0, 0, 0}; // four tokens of 0.25: top-p 0.5 keeps exactly ids 0 and 1
    double[] probs = Sampler.distribution(logits, 0, 4, new SamplingParams(1.0, 0.5, 0, 1, List.of()));
    assertEquals(0.5, probs[0], 1e-12);
    assertEquals(0.5, probs[1], 1e-12);
    assertEquals(0.0, probs[2]);
    assertEquals(0.0, probs[3]);
  }

  @Test
  void aSmallerVocabularyAfterALargerOneUsesOnlyItsOwnEntries() {
    Sampler.distribution(new float[1000], 0, 1000, new SamplingParams(1.0, 1.0, 0, 1, List.of()));
    double[] probs = Sampler.distribution(new float[] {0f, (float) Math.log(3)}, 0, 2, new SamplingParams(1.0, 1.0, 0, 1, List.of()));
    assertEquals(0.25, probs[0], 1e-6); // (float) log 3 is not exact
    assertEquals(0.75, probs[1], 1e-6);
    assertTrue(Sampler.logProb(new float[] {0f, 0f}, 0, 2, new SamplingParams(1.0, 1.0, 0, 1, List.of()), 1) < 0);
  }

  private static List<SamplingParams> params() {
    return List.of(new SamplingParams(1.0, 1.0, 0, 1, List.of()), new SamplingParams(0.7, 0.9, 0, 1, List.of()),
        new SamplingParams(1.3, 0.5, 0, 1, List.of()), new SamplingParams(1.0, 1.0, 20, 1, List.of()),
        new SamplingParams(1.0, 0.8, 3, 1, List.of()));
  }
}
