package dev.perennial.runtime.evaluation;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.runtime.report.Intervals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CoD curve: solve success and mean reward by pack position, with 95% intervals (Wilson for
 * success, normal for the mean reward), plus the overall success rate and how often update
 * episodes wrote a parsable hints block.
 */
public record PositionCurve(List<Point> points, long solves, long successes, double[] successInterval, long updates,
    long hintsParsed) {

  /**
   * @param rewardInterval 95% interval of the mean reward (the verifier's outcome)
   */
  public record Point(int position, long n, long successes, double successRate, double[] successInterval, double meanReward,
      double[] rewardInterval) {}

  public double successRate() { return solves == 0 ? Double.NaN : (double) successes / solves; }

  public double hintsParsedRate() { return updates == 0 ? Double.NaN : (double) hintsParsed / updates; }

  /** Success rate at {@code position}, NaN when no solve was there. */
  public double successAt(int position) {
    return points.stream().filter(p -> p.position() == position).mapToDouble(Point::successRate).findFirst().orElse(Double.NaN);
  }

  public static PositionCurve of(List<EpisodeRecord> episodes) {
    Map<Integer, List<EpisodeRecord>> byPosition = new TreeMap<>();
    long updates = 0;
    long parsed = 0;
    for (EpisodeRecord e : episodes) {
      if (e.kind() == EpisodeKind.SOLVE) {
        byPosition.computeIfAbsent(e.position(), p -> new ArrayList<>()).add(e);
      } else {
        updates++;
        if (e.rewards().penalty() >= 0) parsed++;
      }
    }
    List<Point> points = new ArrayList<>();
    long solves = 0;
    long successes = 0;
    for (var entry : byPosition.entrySet()) {
      List<EpisodeRecord> at = entry.getValue();
      long ok = at.stream().filter(e -> e.rewards().success()).count();
      double[] rewards = at.stream().mapToDouble(e -> e.rewards().outcome()).toArray();
      double mean = java.util.Arrays.stream(rewards).average().orElse(Double.NaN);
      points.add(new Point(entry.getKey(), at.size(), ok, (double) ok / at.size(), Intervals.wilson(ok, at.size()), mean,
          Intervals.mean(rewards)));
      solves += at.size();
      successes += ok;
    }
    return new PositionCurve(points, solves, successes, Intervals.wilson(successes, solves), updates, parsed);
  }
}
