package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.runtime.report.Intervals;
import dev.perennial.runtime.report.Plots;
import dev.perennial.runtime.report.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code perennial eval compare A B}: B − A for every environment both evals share, position by
 * position (success and mean reward) and overall (success, mean reward, pass@k), each difference
 * with a 95% interval — Newcombe's hybrid score interval for a difference of two proportions
 * (built from the two Wilson intervals), the normal interval for a difference of means — and the
 * curves of both with the difference plotted. The intervals treat the two evals as independent
 * samples; with the same seeds both saw the same packs, which makes them conservative.
 */
public final class EvalComparison {
  private static final double Z = 1.959963984540054;

  /** One compared number: A, B, and B − A with its interval. */
  public record Delta(String slice, String metric, int position, double a, double b, double diff, double lower, double upper) {
    /** The interval excludes 0. */
    public boolean significant() { return lower > 0 || upper < 0; }
  }

  private final String nameA;
  private final String nameB;
  private final List<Delta> deltas;

  private EvalComparison(String nameA, String nameB, List<Delta> deltas) {
    this.nameA = nameA;
    this.nameB = nameB;
    this.deltas = List.copyOf(deltas);
  }

  public List<Delta> deltas() { return deltas; }

  /** An eval id under {@code evalsDir}, an eval folder, or a summary.json file. */
  public static Path summaryOf(Path evalsDir, String ref) throws IOException {
    Path p = Path.of(ref);
    for (Path c : List.of(p, p.resolve("summary.json"), evalsDir.resolve(ref).resolve("summary.json"))) {
      if (Files.isRegularFile(c)) return c;
    }
    throw new IOException("no eval '" + ref + "': neither " + p + "/summary.json nor " + evalsDir.resolve(ref) + "/summary.json exists"
        + " (a finished eval writes it)");
  }

  public static EvalComparison of(String nameA, JsonNode a, String nameB, JsonNode b) {
    List<Delta> out = new ArrayList<>();
    JsonNode ma = a.path("metrics");
    JsonNode mb = b.path("metrics");
    Iterator<String> slices = ma.fieldNames();
    while (slices.hasNext()) {
      String slice = slices.next();
      if (!mb.has(slice)) continue;
      JsonNode sa = ma.get(slice);
      JsonNode sb = mb.get(slice);
      Map<Integer, JsonNode> pa = positions(sa);
      Map<Integer, JsonNode> pb = positions(sb);
      for (int pos : pa.keySet()) {
        if (!pb.containsKey(pos)) continue;
        JsonNode x = pa.get(pos);
        JsonNode y = pb.get(pos);
        out.add(rates(slice, "success", pos, x.path("successes").asLong(), x.path("n").asLong(), y.path("successes").asLong(),
            y.path("n").asLong()));
        out.add(means(slice, "mean_reward", pos, Estimate.num(x.path("mean_reward")), Estimate.num(x.path("reward_sd")),
            x.path("n").asLong(), Estimate.num(y.path("mean_reward")), Estimate.num(y.path("reward_sd")), y.path("n").asLong()));
      }
      Estimate sa1 = Estimate.read(sa.path("success"));
      Estimate sb1 = Estimate.read(sb.path("success"));
      out.add(rates(slice, "success", -1, Math.round(sa1.value() * sa1.n()), sa1.n(), Math.round(sb1.value() * sb1.n()), sb1.n()));
      Estimate ra = Estimate.read(sa.path("mean_reward"));
      Estimate rb = Estimate.read(sb.path("mean_reward"));
      out.add(means(slice, "mean_reward", -1, ra.value(), ra.sd(), ra.n(), rb.value(), rb.sd(), rb.n()));
      Iterator<String> ks = sa.path("pass_at_k").fieldNames();
      while (ks.hasNext()) {
        String k = ks.next();
        if (!sb.path("pass_at_k").has(k)) continue;
        Estimate ka = Estimate.read(sa.path("pass_at_k").get(k));
        Estimate kb = Estimate.read(sb.path("pass_at_k").get(k));
        out.add(means(slice, "pass@" + k, -1, ka.value(), ka.sd(), ka.n(), kb.value(), kb.sd(), kb.n()));
      }
    }
    if (out.isEmpty()) throw new IllegalArgumentException(nameA + " and " + nameB + " share no environment to compare");
    return new EvalComparison(nameA, nameB, out);
  }

  private static Map<Integer, JsonNode> positions(JsonNode slice) {
    Map<Integer, JsonNode> m = new TreeMap<>();
    for (JsonNode p : slice.path("by_position")) m.put(p.path("position").asInt(), p);
    return m;
  }

  /** Newcombe (1998) method 10: the hybrid score interval for p_b − p_a from the Wilson intervals. */
  static Delta rates(String slice, String metric, int position, long sa, long na, long sb, long nb) {
    double pa = na == 0 ? Double.NaN : (double) sa / na;
    double pb = nb == 0 ? Double.NaN : (double) sb / nb;
    double[] wa = Intervals.wilson(sa, na);
    double[] wb = Intervals.wilson(sb, nb);
    double d = pb - pa;
    double lower = d - Math.sqrt(sq(pb - wb[0]) + sq(wa[1] - pa));
    double upper = d + Math.sqrt(sq(wb[1] - pb) + sq(pa - wa[0]));
    return new Delta(slice, metric, position, pa, pb, d, lower, upper);
  }

  /** B − A ± 1.96·√(s_a²/n_a + s_b²/n_b). */
  static Delta means(String slice, String metric, int position, double ma, double sda, long na, double mb, double sdb, long nb) {
    double d = mb - ma;
    double se = Math.sqrt((na > 0 ? sq(sda) / na : Double.NaN) + (nb > 0 ? sq(sdb) / nb : Double.NaN));
    return new Delta(slice, metric, position, ma, mb, d, d - Z * se, d + Z * se);
  }

  private static double sq(double x) { return x * x; }

  public String markdown() {
    StringBuilder b = new StringBuilder("# " + nameB + " − " + nameA + "\n\n"
        + "95% intervals of the difference (Newcombe for rates, normal for means); * marks an interval that excludes 0.\n\n"
        + "| slice | metric | position | " + nameA + " | " + nameB + " | difference (95% CI) |\n|---|---|---:|---:|---:|---|\n");
    for (Delta d : deltas) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %+.3f [%+.3f, %+.3f]%s |%n", d.slice(), d.metric(),
          d.position() < 0 ? "all" : Integer.toString(d.position()), d.a(), d.b(), d.diff(), d.lower(), d.upper(),
          d.significant() ? " *" : ""));
    }
    return b.toString();
  }

  /** compare.md, compare.json, the two success curves and the difference curves, into {@code dir}. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    RunDir.writeAtomically(dir.resolve("compare.md"), markdown());
    ObjectNode json = RunSpec.object();
    json.put("a", nameA);
    json.put("b", nameB);
    var rows = json.putArray("differences");
    for (Delta d : deltas) {
      ObjectNode o = rows.addObject();
      o.put("slice", d.slice());
      o.put("metric", d.metric());
      if (d.position() >= 0) o.put("position", d.position()); else o.put("position", "all");
      Estimate.number(o, "a", d.a());
      Estimate.number(o, "b", d.b());
      Estimate.number(o, "difference", d.diff());
      var ci = o.putArray("ci95");
      ci.add(d.lower()).add(d.upper());
    }
    RunDir.writeAtomically(dir.resolve("compare.json"), RunSpec.JSON.writeValueAsString(json));
    List<Series> curves = new ArrayList<>();
    List<Series> diffs = new ArrayList<>();
    for (String slice : deltas.stream().map(Delta::slice).distinct().toList()) {
      for (String metric : List.of("success", "mean_reward")) {
        List<Delta> at = deltas.stream().filter(d -> d.slice().equals(slice) && d.metric().equals(metric) && d.position() >= 0).toList();
        if (at.isEmpty()) continue;
        double[] x = at.stream().mapToDouble(Delta::position).toArray();
        if (metric.equals("success")) {
          curves.add(Series.of(slice + " " + nameA, x, at.stream().mapToDouble(Delta::a).toArray()));
          curves.add(Series.of(slice + " " + nameB, x, at.stream().mapToDouble(Delta::b).toArray()));
        }
        diffs.add(Series.withBand(slice + " " + metric + " " + nameB + "−" + nameA, x, at.stream().mapToDouble(Delta::diff).toArray(),
            at.stream().mapToDouble(Delta::lower).toArray(), at.stream().mapToDouble(Delta::upper).toArray()));
      }
    }
    Path curvesPng = dir.resolve("success-by-position.png");
    Path diffPng = dir.resolve("difference-by-position.png");
    Plots.line(curvesPng, nameA + " vs " + nameB + ": success by position", "position", "success rate", curves);
    Plots.line(diffPng, nameB + " − " + nameA + " by position (95% CI)", "position", "difference", diffs);
    return List.of(dir.resolve("compare.md"), dir.resolve("compare.json"), curvesPng, diffPng);
  }
}
