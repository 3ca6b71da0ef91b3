package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Additive attention masks ([B|1, T, S]: 0 = may attend) and position ids, built in the caller's manager. */
public final class Masks {
  private Masks() {}

  /** Positions 0..t-1 for every row, int64 [b, t]. */
  public static NDArray positions(NDManager m, int b, int t) {
    long[] p = new long[b * t];
    for (int r = 0; r < b; r++) for (int i = 0; i < t; i++) p[r * t + i] = i;
    return m.create(p, new Shape(b, t));
  }

  /** Lower-triangular mask [1, t, t]: token i sees tokens 0..i. */
  public static NDArray causal(NDManager m, int t) {
    float[] mask = new float[t * t];
    for (int i = 0; i < t; i++) for (int j = i + 1; j < t; j++) mask[i * t + j] = KvCache.MASKED;
    return m.create(mask, new Shape(1, t, t));
  }

  /**
   * Mask [n, t, t] for prompts left-padded to length t: causal, and no query attends to a row's
   * padding. Padding queries see nothing useful but stay finite; their outputs are never read.
   */
  public static NDArray leftPadded(NDManager m, int[] lengths, int t) {
    float[] pad = new float[lengths.length * t];
    for (int r = 0; r < lengths.length; r++) java.util.Arrays.fill(pad, r * t, r * t + (t - lengths[r]), KvCache.MASKED);
    return causal(m, t).add(m.create(pad, new Shape(lengths.length, 1, t)));
  }

  /** Mask [1, t, prefix + t] for t new tokens after {@code prefix} cached ones: all of the prefix, causal among the new. */
  public static NDArray afterPrefix(NDManager m, int prefix, int t) {
    int width = prefix + t;
    float[] mask = new float[t * width];
    for (int i = 0; i < t; i++) java.util.Arrays.fill(mask, i * width + prefix + i + 1, (i + 1) * width, KvCache.MASKED);
    return m.create(mask, new Shape(1, t, width));
  }

  /** Positions for left-padded prompts: a row's first real token is position 0 (padding gets 0 too). */
  public static NDArray leftPaddedPositions(NDManager m, int[] lengths, int t) {
    long[] p = new long[lengths.length * t];
    for (int r = 0; r < lengths.length; r++) {
      int pad = t - lengths[r];
      for (int i = pad; i < t; i++) p[r * t + i] = i - pad;
    }
    return m.create(p, new Shape(lengths.length, t));
  }
}
