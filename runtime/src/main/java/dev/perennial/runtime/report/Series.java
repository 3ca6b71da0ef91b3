package dev.perennial.runtime.report;

import java.util.Optional;

/**
 * One line of a plot. {@code lower}/{@code upper}, when present, are a confidence band drawn as
 * dashed lines around the line (asymmetric intervals such as Wilson's are kept as they are).
 */
public record Series(String name, double[] x, double[] y, Optional<double[]> lower, Optional<double[]> upper) {
  public Series {
    if (x.length != y.length) throw new IllegalArgumentException(name + ": x and y differ in length");
    lower.ifPresent(l -> { if (l.length != y.length) throw new IllegalArgumentException(name + ": band length"); });
    upper.ifPresent(u -> { if (u.length != y.length) throw new IllegalArgumentException(name + ": band length"); });
  }

  public static Series of(String name, double[] x, double[] y) {
    return new Series(name, x, y, Optional.empty(), Optional.empty());
  }

  public static Series withBand(String name, double[] x, double[] y, double[] lower, double[] upper) {
    return new Series(name, x, y, Optional.of(lower), Optional.of(upper));
  }
}
