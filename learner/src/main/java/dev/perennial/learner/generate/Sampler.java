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

  /** Per-thread work arrays: the decoder samples every row of every step, so nothing is allocated per token. */
  private static final ThreadLocal<double[][]> SCRATCH = ThreadLocal.withInitial(() -> new double[2][0]);

  /**
   * Normalised probabilities after temperature, top-k and top-p; filtered tokens get 0. The
   * result is this thread's work array: only its first {@code vocab} entries count, and it is
   * overwritten by the next call on the same thread.
   */
  static double[] distribution(float[] logits, int offset, int vocab, SamplingParams p) {
    double[][] scratch = SCRATCH.get();
    if (scratch[0].length < vocab) {
      scratch[0] = new double[vocab];
      scratch[1] = new double[vocab];
    }
    double[] probs = scratch[0];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      probs[i] = logits[offset + i] / p.temperature();
      max = Math.max(max, probs[i]);
    }
    if (p.topK() > 0 && p.topK() < vocab) {
      double[] sorted = scratch[1];
      System.arraycopy(probs, 0, sorted, 0, vocab);
      Arrays.sort(sorted, 0, vocab);
      double threshold = sorted[vocab - p.topK()];
      for (int i = 0; i < vocab; i++) if (probs[i] < threshold) probs[i] = Double.NEGATIVE_INFINITY;
    }
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      probs[i] = probs[i] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(probs[i] - max);
      total += probs[i];
    }
    for (int i = 0; i < vocab; i++) probs[i] /= total;
    if (p.topP() < 1.0) nucleus(probs, vocab, p.topP(), scratch[1]);
    return probs;
  }

  /**
   * Keeps the most probable tokens until their mass reaches topP (at least one), renormalised;
   * among equally probable tokens at the cut the lower ids are kept. Sorts a copy of the
   * probabilities (primitive doubles, no boxed index array) and sums them in descending order.
   */
  private static void nucleus(double[] probs, int vocab, double topP, double[] sorted) {
    System.arraycopy(probs, 0, sorted, 0, vocab);
    Arrays.sort(sorted, 0, vocab);
    double kept = 0;
    double threshold = 0; // 0: the mass never reached topP (rounding), every non-zero token stays
    int taken = 0;
    for (int j = vocab - 1; j >= 0 && sorted[j] > 0; j--) {
      kept += sorted[j];
      taken++;
      if (kept >= topP) {
        threshold = sorted[j];
        break;
      }
    }
    int tiesLeft = taken; // how many tokens at exactly the threshold the walk took
    if (threshold > 0) for (int i = 0; i < vocab; i++) if (probs[i] > threshold) tiesLeft--;
    for (int i = 0; i < vocab; i++) {
      if (probs[i] > threshold) continue;
      if (threshold > 0 && probs[i] == threshold && tiesLeft > 0) {
        tiesLeft--;
        continue;
      }
      if (threshold > 0 || probs[i] == 0) probs[i] = 0;
    }
    for (int i = 0; i < vocab; i++) probs[i] /= kept;
  }

  static int argMax(float[] logits, int offset, int vocab) {
    int best = 0;
    for (int i = 1; i < vocab; i++) if (logits[offset + i] > logits[offset + best]) best = i;
    return best;
  }
}
