package dev.perennial.runtime.report;

/** 95% confidence intervals for report tables and plots. */
public final class Intervals {
  private static final double Z = 1.959963984540054;

  private Intervals() {}

  /** Wilson score interval for a proportion: well-behaved at 0 and 1 and for small n, unlike mean ± 1.96·se. */
  public static double[] wilson(long successes, long n) {
    if (n == 0) return new double[] {0, 1};
    double p = (double) successes / n;
    double denom = 1 + Z * Z / n;
    double centre = (p + Z * Z / (2.0 * n)) / denom;
    double half = Z * Math.sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n)) / denom;
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** Normal-approximation interval for a mean: mean ± 1.96·s/√n (s with N−1); [mean, mean] for n < 2. */
  public static double[] mean(double[] values) {
    int n = values.length;
    if (n == 0) return new double[] {Double.NaN, Double.NaN};
    double mean = 0;
    for (double v : values) mean += v;
    mean /= n;
    if (n < 2) return new double[] {mean, mean};
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    double half = Z * Math.sqrt(ss / (n - 1) / n);
    return new double[] {mean - half, mean + half};
  }
}
