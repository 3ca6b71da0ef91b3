package dev.perennial.learner.generate;

import dev.perennial.agents.policy.SamplingParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Turns one row of logits into the distribution actually sampled from — temperature, then top-k,
 * then top-p (nucleus), renormalised, in the order Hugging Face applies them — and draws from it.
 * The reported log-probability is under that final distribution, which is what the learner's
 * importance ratio needs. Temperature 0 is greedy: the arg-max with probability 1 (log-prob 0).
 * Runs in double precision on the host; randomness comes only from the caller's per-sequence RNG.
 */
public final class Sampler {
  private Sampler() {}

  /** A sampled token and its log-probability under the sampling distribution. */
  public record Choice(int token, float logprob) {}

  public static Choice sample(float[] logits, int offset, int vocab, SamplingParams p, SplittableRandom rng) {
    if (p.temperature() == 0) return new Choice(argMax(logits, offset, vocab), 0f);
    double[] probs = distribution(logits, offset, vocab, p);
    double u = rng.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < vocab; i++) {
      if (probs[i] <= 0) continue;
      last = i;
      cumulative += probs[i];
      if (u < cumulative) return new Choice(i, (float) Math.log(probs[i]));
    }
    return new Choice(last, (float) Math.log(probs[last])); // u beyond the rounded total
  }

  /** Log-probability of {@code token} under the sampling distribution ({@code -inf} if filtered out). */
  public static double logProb(float[] logits, int offset, int vocab, SamplingParams p, int token) {
    if (p.temperature() == 0) return token == argMax(logits, offset, vocab) ? 0.0 : Double.NEGATIVE_INFINITY;
    return Math.log(distribution(logits, offset, vocab, p)[token]);
  }

  /** Normalised probabilities after temperature, top-k and top-p; filtered tokens get 0. */
  static double[] distribution(float[] logits, int offset, int vocab, SamplingParams p) {
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
    if (p.topP() < 1.0) nucleus(probs, p.topP());
    return probs;
  }

  /** Keeps the most probable tokens until their mass reaches topP (at least one), renormalised. */
  private static void nucleus(double[] probs, double topP) {
    Integer[] order = new Integer[probs.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
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
      if (before >= topP) cut = true;
    }
    for (int i = 0; i < probs.length; i++) probs[i] /= kept;
  }

  static int argMax(float[] logits, int offset, int vocab) {
    int best = 0;
    for (int i = 1; i < vocab; i++) if (logits[offset + i] > logits[offset + best]) best = i;
    return best;
  }
}
