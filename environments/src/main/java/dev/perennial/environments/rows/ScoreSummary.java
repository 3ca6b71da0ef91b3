package dev.perennial.environments.rows;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a scoring run saw: rows read, rows scored, error lines, and per domain the count, mean
 * score and success rate.
 */
public record ScoreSummary(long rows, long scored, long errors, Map<String, DomainStats> byDomain, long millis) {
  public ScoreSummary {
    byDomain = Map.copyOf(new TreeMap<>(byDomain));
  }

  public record DomainStats(long count, double meanScore, double successRate) {}

  public double meanScore() {
    double sum = 0;
    long n = 0;
    for (DomainStats d : byDomain.values()) {
      sum += d.meanScore() * d.count();
      n += d.count();
    }
    return n == 0 ? 0 : sum / n;
  }

  /** A few human-readable lines for the end of {@code perennial score}. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%d rows: %d scored, %d errors, mean score %.4f (%d ms)%n", rows, scored, errors, meanScore(), millis));
    new TreeMap<>(byDomain).forEach((d, s) ->
        b.append(String.format("  %-10s %6d rows  mean %.4f  success %.1f%%%n", d, s.count(), s.meanScore(), 100 * s.successRate())));
    return b.toString();
  }
}
