package dev.perennial.runtime.eval;

import dev.perennial.runtime.evaluation.PositionCurve;
import dev.perennial.runtime.report.Plots;
import dev.perennial.runtime.report.Series;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders named {@link SliceMetrics} (one per environment or task set, plus "all") as Markdown
 * tables and PNG curves by position (or attempt) with their 95% bands. Shared by {@code eval} and
 * {@code ralph}, so both report the same way.
 */
public final class SliceReport {
  private SliceReport() {}

  /** One table of the curve per slice, then one table of every other metric, slices as columns. */
  public static String markdown(Map<String, SliceMetrics> slices, String positionName) {
    StringBuilder b = new StringBuilder();
    for (var e : slices.entrySet()) {
      b.append("### ").append(e.getKey()).append(" — by ").append(positionName).append("\n\n");
      b.append("| ").append(positionName).append(" | n | success (95% CI) | mean reward (95% CI) |\n|---:|---:|---|---|\n");
      for (PositionCurve.Point p : e.getValue().curve().points()) {
        b.append(String.format(Locale.ROOT, "| %d | %d | %s | %s |%n", p.position(), p.n(),
            withCi(p.successRate(), p.successInterval()), withCi(p.meanReward(), p.rewardInterval())));
      }
      b.append('\n');
    }
    List<String> names = new ArrayList<>(slices.keySet());
    b.append("### Metrics\n\n| metric | ").append(String.join(" | ", names)).append(" |\n|---|");
    names.forEach(n -> b.append("---|"));
    b.append('\n');
    row(b, "packs × samples", slices, m -> m.packs() + " × " + m.samplesPerPack());
    row(b, "solve episodes", slices, m -> Long.toString(m.solves()));
    row(b, "success", slices, m -> cell(m.success()));
    row(b, "mean reward", slices, m -> cell(m.reward()));
    int maxK = slices.values().stream().flatMap(m -> m.passAtK().keySet().stream()).mapToInt(Integer::intValue).max().orElse(0);
    for (int k : PassAtK.ks(maxK)) row(b, "pass@" + k, slices, m -> m.passAtK().containsKey(k) ? cell(m.passAtK().get(k)) : "–");
    row(b, "format-error rate", slices, m -> cell(m.formatErrors()));
    row(b, "hints parse failures", slices, m -> cell(m.hintsParseFailures()));
    row(b, "truncated", slices, m -> cell(m.truncated()));
    row(b, "tool calls / solve", slices, m -> cell(m.toolCallsPerSolve()));
    row(b, "tool-call failure rate", slices, m -> cell(m.toolFailures()));
    row(b, "tokens / solve", slices, m -> cell(m.tokensPerSolve()));
    row(b, "tokens / update", slices, m -> cell(m.tokensPerUpdate()));
    row(b, "turns / solve", slices, m -> cell(m.turnsPerSolve()));
    row(b, "seconds / solve", slices, m -> cell(m.timing().secondsPerSolve()));
    row(b, "seconds / update", slices, m -> cell(m.timing().secondsPerUpdate()));
    return b.toString();
  }

  /** success-by-{position}.png and reward-by-{position}.png, one line per slice with its band. */
  public static List<Path> plots(Path dir, Map<String, SliceMetrics> slices, String positionName, String title) {
    List<Series> success = new ArrayList<>();
    List<Series> reward = new ArrayList<>();
    for (var e : slices.entrySet()) {
      List<PositionCurve.Point> pts = e.getValue().curve().points();
      double[] x = pts.stream().mapToDouble(PositionCurve.Point::position).toArray();
      success.add(Series.withBand(e.getKey(), x, pts.stream().mapToDouble(PositionCurve.Point::successRate).toArray(),
          pts.stream().mapToDouble(p -> p.successInterval()[0]).toArray(), pts.stream().mapToDouble(p -> p.successInterval()[1]).toArray()));
      reward.add(Series.withBand(e.getKey(), x, pts.stream().mapToDouble(PositionCurve.Point::meanReward).toArray(),
          pts.stream().mapToDouble(p -> p.rewardInterval()[0]).toArray(), pts.stream().mapToDouble(p -> p.rewardInterval()[1]).toArray()));
    }
    Path s = dir.resolve("success-by-" + positionName + ".png");
    Path r = dir.resolve("reward-by-" + positionName + ".png");
    Plots.line(s, title + ": success by " + positionName + " (95% Wilson CI)", positionName, "success rate", success);
    Plots.line(r, title + ": mean reward by " + positionName + " (95% CI)", positionName, "mean reward", reward);
    return List.of(s, r);
  }

  static String cell(Estimate e) {
    if (!e.defined()) return "–";
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper());
  }

  static String withCi(double v, double[] ci) {
    if (!Double.isFinite(v)) return "–";
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, ci[0], ci[1]);
  }

  private static void row(StringBuilder b, String name, Map<String, SliceMetrics> slices,
      java.util.function.Function<SliceMetrics, String> f) {
    b.append("| ").append(name).append(" |");
    slices.values().forEach(m -> b.append(' ').append(f.apply(m)).append(" |"));
    b.append('\n');
  }
}
