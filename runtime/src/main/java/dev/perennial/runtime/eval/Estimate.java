package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.runtime.report.Intervals;
import java.util.Arrays;

/**
 * One reported number with its 95% confidence interval and sample size: a rate (Wilson interval)
 * or a mean (normal interval, with the sample standard deviation kept so two evals can be
 * compared). {@code value} is NaN when there was nothing to measure.
 */
public record Estimate(double value, double lower, double upper, long n, double sd) {
  public static final Estimate NONE = new Estimate(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);

  /** {@code hits} of {@code n}, with the Wilson score interval. */
  public static Estimate rate(long hits, long n) {
    if (n == 0) return NONE;
    double p = (double) hits / n;
    double[] ci = Intervals.wilson(hits, n);
    return new Estimate(p, ci[0], ci[1], n, Math.sqrt(p * (1 - p)));
  }

  /** The mean of {@code values}, with mean ± 1.96·s/√n. */
  public static Estimate mean(double[] values) {
    if (values.length == 0) return NONE;
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    double[] ci = Intervals.mean(values);
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    double sd = values.length < 2 ? 0 : Math.sqrt(ss / (values.length - 1));
    return new Estimate(mean, ci[0], ci[1], values.length, sd);
  }

  public boolean defined() { return n > 0; }

  /** As a JSON object {value, ci95: [lo, hi], n, sd}; NaN becomes null (JSON has no NaN). */
  public ObjectNode writeTo(ObjectNode o) {
    number(o, "value", value);
    var ci = o.putArray("ci95");
    if (Double.isFinite(lower)) ci.add(lower); else ci.addNull();
    if (Double.isFinite(upper)) ci.add(upper); else ci.addNull();
    o.put("n", n);
    number(o, "sd", sd);
    return o;
  }

  public static Estimate read(JsonNode o) {
    if (o == null || o.isMissingNode() || o.path("n").asLong() == 0) return NONE;
    return new Estimate(num(o.path("value")), num(o.path("ci95").path(0)), num(o.path("ci95").path(1)), o.path("n").asLong(),
        num(o.path("sd")));
  }

  static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) o.put(key, v); else o.putNull(key);
  }

  static double num(JsonNode n) { return n.isNumber() ? n.asDouble() : Double.NaN; }
}
