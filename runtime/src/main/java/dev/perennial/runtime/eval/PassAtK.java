package dev.perennial.runtime.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The unbiased pass@k estimator of Chen et al. (2021, "Evaluating Large Language Models Trained on
 * Code"): with n samples of a task of which c pass, pass@k = 1 − C(n−c, k) / C(n, k), the
 * probability that at least one of k samples drawn without replacement passes. Computed as the
 * product 1 − Π_{i=n−c+1..n} (1 − k/i), which never forms the large binomials.
 */
public final class PassAtK {
  private PassAtK() {}

  public static double estimate(int n, int c, int k) {
    if (k < 1 || k > n) throw new IllegalArgumentException("pass@k needs 1 <= k <= n, got k=" + k + ", n=" + n);
    if (c < 0 || c > n) throw new IllegalArgumentException("passing samples must be in 0..n, got " + c + " of " + n);
    if (n - c < k) return 1.0;
    double fail = 1.0;
    for (int i = n - c + 1; i <= n; i++) fail *= 1.0 - (double) k / i;
    return 1.0 - fail;
  }

  /** The k worth reporting for n samples per task: 1, 2, 4, … below n, and n itself. */
  public static List<Integer> ks(int n) {
    List<Integer> out = new ArrayList<>();
    for (int k = 1; k < n; k *= 2) out.add(k);
    if (n >= 1) out.add(n);
    return out;
  }
}
