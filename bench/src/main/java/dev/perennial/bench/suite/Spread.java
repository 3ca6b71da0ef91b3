package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/**
 * The median of repeated measurements and how far they scatter (min, max, interquartile range).
 * On a shared 2-core machine one measurement says little; the median of interleaved repeats, with
 * its spread printed next to it, says how much to trust it.
 */
public record Spread(double median, double min, double max, double q1, double q3, int n, double[] values) {

  public static Spread of(List<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  public static Spread of(double... values) {
    if (values.length == 0) throw new IllegalArgumentException("no measurements");
    double[] v = values.clone();
    Arrays.sort(v);
    return new Spread(quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75), v.length, values.clone());
  }

  /** Ratios of paired measurements, subject[i] / reference[i]: each pair ran back to back. */
  public static Spread ratios(List<Double> subject, List<Double> reference) {
    if (subject.size() != reference.size()) throw new IllegalArgumentException("unpaired measurements");
    double[] r = new double[subject.size()];
    for (int i = 0; i < r.length; i++) r[i] = subject.get(i) / reference.get(i);
    return of(r);
  }

  /** Linear interpolation between order statistics of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** "0.83 (0.79–0.88, n=5)" with the given number of decimals. */
  public String describe(int decimals) {
    String f = "%." + decimals + "f";
    return String.format(f + " (" + f + "–" + f + ", n=%d)", median, min, max, n);
  }

  public ObjectNode toJson() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("median", median).put("min", min).put("max", max).put("q1", q1).put("q3", q3).put("n", n);
    ArrayNode all = o.putArray("values");
    for (double x : values) all.add(x);
    return o;
  }
}
