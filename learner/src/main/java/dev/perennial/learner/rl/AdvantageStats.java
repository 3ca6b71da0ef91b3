package dev.perennial.learner.rl;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Summary of a batch's advantages per episode kind, for the metrics: the update episodes' numbers
 * show whether hint writing gets a learning signal at all.
 */
public record AdvantageStats(int count, double mean, double std, double min, double max, double positiveFraction) {

  public static Map<Rollout.Kind, AdvantageStats> byKind(List<Rollout> rollouts, double[] advantages) {
    if (rollouts.size() != advantages.length) {
      throw new IllegalArgumentException(rollouts.size() + " rollouts but " + advantages.length + " advantages");
    }
    Map<Rollout.Kind, AdvantageStats> out = new EnumMap<>(Rollout.Kind.class);
    for (Rollout.Kind kind : Rollout.Kind.values()) {
      double[] a = IntStream.range(0, advantages.length)
          .filter(i -> rollouts.get(i).kind() == kind).mapToDouble(i -> advantages[i]).toArray();
      if (a.length > 0) out.put(kind, of(a));
    }
    return out;
  }

  /** Population statistics of {@code a} (std with N, as a description of the batch, not an estimate). */
  public static AdvantageStats of(double[] a) {
    if (a.length == 0) throw new IllegalArgumentException("no advantages to summarise");
    double mean = GroupAdvantages.mean(a);
    double ss = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    int positive = 0;
    for (double x : a) {
      ss += (x - mean) * (x - mean);
      min = Math.min(min, x);
      max = Math.max(max, x);
      if (x > 0) positive++;
    }
    return new AdvantageStats(a.length, mean, Math.sqrt(ss / a.length), min, max, (double) positive / a.length);
  }
}
