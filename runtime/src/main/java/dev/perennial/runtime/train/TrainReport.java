package dev.perennial.runtime.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.learner.ledger.LedgerCsv;
import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.learner.loop.LearnerState;
import dev.perennial.runtime.evaluation.EvalResult;
import dev.perennial.runtime.evaluation.PositionCurve;
import dev.perennial.runtime.report.CsvTable;
import dev.perennial.runtime.report.Plots;
import dev.perennial.runtime.report.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The run's report under {@code runs/<id>/}, rebuilt from the journal each time (so it is right
 * after a resume): {@code metrics.csv} (one line per committed learner step), {@code ledger.csv}
 * and {@code ledger-audit.json}, the PNG plots (reward and success vs step, kept/dropped groups,
 * update-episode advantages, SFT loss, the CoD curve by pack position before SFT, after SFT and
 * after RL with 95% intervals) and {@code summary.json} via {@link Summary}.
 */
final class TrainReport {
  private static final List<String> FIRST = List.of("step", "version", "seconds_since_start", "success", "reward_solve",
      "reward_update", "hints_parsed", "groups_kept", "groups_dropped", "kept_ratio", "loss", "grad_norm", "lr");

  private final TrainNode node;
  private final RunFiles files;

  TrainReport(TrainNode node, RunFiles files) {
    this.node = node;
    this.files = files;
  }

  /** Writes everything the journal and the evaluation files allow now; returns the audit. */
  LedgerAudit write(Summary summary) throws IOException {
    List<LearnerEvent> events = LearnerJournal.events(node.system());
    LearnerState state = LearnerState.replay(events);
    List<LearnerEvent.StepCommitted> steps = events.stream().filter(e -> e instanceof LearnerEvent.StepCommitted)
        .map(e -> (LearnerEvent.StepCommitted) e).toList();
    metrics(steps);
    LedgerCsv.write(state.ledger(), files.ledger());
    LedgerAudit audit = LedgerAudit.of(node.system(), state.ledger(), state.resumeOffset());
    audit.write(files.ledgerAudit());
    plots(steps);
    summary.write(files.summary(), state, steps, audit, evals());
    return audit;
  }

  Map<String, EvalResult> evals() throws IOException {
    Map<String, EvalResult> out = new LinkedHashMap<>();
    for (String label : List.of("before-sft", "after-sft", "after-rl")) {
      if (Files.exists(files.eval(label))) out.put(label, EvalResult.read(files.eval(label)));
    }
    return out;
  }

  private void metrics(List<LearnerEvent.StepCommitted> steps) throws IOException {
    Set<String> columns = new LinkedHashSet<>(FIRST);
    steps.forEach(s -> columns.addAll(new java.util.TreeSet<>(s.metrics().keySet())));
    Files.deleteIfExists(files.metrics());
    CsvTable csv = new CsvTable(files.metrics(), new ArrayList<>(columns));
    long start = steps.isEmpty() ? 0 : steps.get(0).atMillis() - (long) (1000 * steps.get(0).metrics().getOrDefault("step_seconds", 0.0));
    for (LearnerEvent.StepCommitted s : steps) {
      List<Object> row = new ArrayList<>();
      for (String c : columns) {
        switch (c) {
          case "step" -> row.add(s.step());
          case "version" -> row.add(s.version());
          case "seconds_since_start" -> row.add((s.atMillis() - start) / 1000.0);
          default -> row.add(s.metrics().getOrDefault(c, Double.NaN));
        }
      }
      csv.append(row);
    }
  }

  private void plots(List<LearnerEvent.StepCommitted> steps) throws IOException {
    Path dir = files.plots();
    double[] x = steps.stream().mapToDouble(LearnerEvent.StepCommitted::step).toArray();
    Plots.line(dir.resolve("reward_accuracy_vs_step.png"), "Training reward and success per step", "learner step", "value",
        List.of(series("solve success", x, steps, "success"), series("solve reward", x, steps, "reward_solve"),
            series("hints parsed", x, steps, "hints_parsed")));
    Plots.line(dir.resolve("kept_dropped_groups.png"), "Dynamic sampling: groups kept and dropped per step", "learner step",
        "groups", List.of(series("kept", x, steps, "groups_kept"), series("dropped (zero variance)", x, steps, "groups_dropped"),
            series("kept ratio", x, steps, "kept_ratio")));
    Plots.line(dir.resolve("update_advantages.png"), "Advantages of update (hint-writing) episodes", "learner step", "advantage",
        List.of(series("mean", x, steps, "adv_update_mean"), series("std", x, steps, "adv_update_std"),
            series("max", x, steps, "adv_update_max"), series("min", x, steps, "adv_update_min")));
    Plots.line(dir.resolve("loss_vs_step.png"), "RL loss and gradient norm", "learner step", "value",
        List.of(series("loss", x, steps, "loss"), series("grad norm", x, steps, "grad_norm")));
    sftLoss(dir);
    codCurve(dir, evals());
  }

  private void sftLoss(Path dir) throws IOException {
    if (!Files.exists(files.sftMetrics())) return;
    List<String> lines = Files.readAllLines(files.sftMetrics());
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      if (f.length < 2 || f[1].isEmpty()) continue;
      xs.add(Double.parseDouble(f[0]));
      ys.add(Double.parseDouble(f[1]));
    }
    Plots.line(dir.resolve("sft_loss.png"), "SFT cold start: masked cross-entropy", "SFT step", "loss",
        List.of(Series.of("loss", xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray())));
  }

  static void codCurve(Path dir, Map<String, EvalResult> evals) {
    List<Series> lines = new ArrayList<>();
    evals.forEach((label, r) -> {
      List<PositionCurve.Point> p = r.curve().points();
      lines.add(Series.withBand(label, p.stream().mapToDouble(PositionCurve.Point::position).toArray(),
          p.stream().mapToDouble(PositionCurve.Point::successRate).toArray(),
          p.stream().mapToDouble(q -> q.successInterval()[0]).toArray(), p.stream().mapToDouble(q -> q.successInterval()[1]).toArray()));
    });
    Plots.line(dir.resolve("cod_curve.png"), "CoD: held-out success by pack position (95% Wilson intervals)", "pack position",
        "success rate", lines);
  }

  private static Series series(String name, double[] x, List<LearnerEvent.StepCommitted> steps, String key) {
    double[] y = steps.stream().mapToDouble(s -> s.metrics().getOrDefault(key, Double.NaN)).toArray();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < y.length; i++) if (!Double.isNaN(y[i])) keep.add(i);
    return Series.of(name, keep.stream().mapToDouble(i -> x[i]).toArray(), keep.stream().mapToDouble(i -> y[i]).toArray());
  }

  static Optional<Double> delta(Map<String, EvalResult> evals, String from, String to) {
    if (!evals.containsKey(from) || !evals.containsKey(to)) return Optional.empty();
    return Optional.of(evals.get(to).curve().successRate() - evals.get(from).curve().successRate());
  }

  static ObjectNode object(ObjectMapper json) { return json.createObjectNode(); }

  static ObjectMapper json() { return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT); }
}
