package dev.perennial.runtime.ralph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.runtime.eval.EpisodeLines;
import dev.perennial.runtime.eval.Estimate;
import dev.perennial.runtime.eval.RunDir;
import dev.perennial.runtime.eval.RunSpec;
import dev.perennial.runtime.eval.SliceMetrics;
import dev.perennial.runtime.eval.SliceReport;
import dev.perennial.runtime.report.Plots;
import dev.perennial.runtime.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a Ralph run's folder: {@code results.jsonl} (every episode, labelled with its task and
 * attempt), {@code summary.json} (per task: reward and verdict of each attempt, first pass, why it
 * stopped, the workspace it saw; overall: the share of tasks solved by each attempt and the same
 * metrics block as {@code eval}, by attempt), {@code summary.md}, the hint history as one file
 * per attempt ({@code hints/<task>/attempt-00.txt}, so {@code diff} shows what changed) plus
 * {@code hints/<task>.md}, and the curves by attempt under {@code plots/}.
 */
final class RalphReport {
  private final RunDir dir;
  private final String id;
  private final String policy;
  private final RalphSettings settings;

  RalphReport(RunDir dir, String id, String policy, RalphSettings settings) {
    this.dir = dir;
    this.id = id;
    this.policy = policy;
    this.settings = settings;
  }

  void write(List<EpisodeRecord> records, List<TaskResult> results, Map<String, RalphTask> byAgent, double seconds, long calls)
      throws IOException {
    EpisodeLines.write(dir.results(), labeled(records, byAgent));
    SliceMetrics all = SliceMetrics.of(records);
    List<Estimate> solvedBy = solvedBy(results);
    ObjectNode s = RunSpec.object();
    s.put("ralph_id", id);
    s.put("policy", policy);
    s.set("spec", RunSpec.JSON.readTree(dir.spec().toFile()));
    s.put("tasks", results.size());
    s.put("passed", results.stream().filter(TaskResult::passed).count());
    var reasons = s.putObject("stop_reasons");
    stopReasons(results).forEach(reasons::put);
    var solved = s.putArray("solved_by_attempt");
    for (int i = 0; i < solvedBy.size(); i++) solvedBy.get(i).writeTo(solved.addObject().put("attempt", i));
    var tasks = s.putArray("by_task");
    for (TaskResult t : results) task(tasks.addObject(), t);
    all.writeTo(s.putObject("metrics"), "attempt");
    ObjectNode timing = s.putObject("timing");
    timing.put("wall_seconds_this_run", seconds);
    timing.put("policy_calls_this_run", calls);
    timing.put("finished_at", Instant.now().toString());
    all.writeTimingTo(timing);
    RunDir.writeAtomically(dir.summaryJson(), RunSpec.JSON.writeValueAsString(s));
    for (TaskResult t : results) hints(t);
    Map<String, SliceMetrics> slices = Map.of("all tasks", all);
    SliceReport.plots(dir.plots(), slices, "attempt", "ralph " + id);
    double[] x = new double[solvedBy.size()];
    for (int i = 0; i < x.length; i++) x[i] = i;
    Plots.line(dir.plots().resolve("solved-by-attempt.png"), "ralph " + id + ": tasks solved by attempt (95% Wilson CI)", "attempt",
        "share of tasks solved", List.of(Series.withBand("solved", x, solvedBy.stream().mapToDouble(Estimate::value).toArray(),
            solvedBy.stream().mapToDouble(Estimate::lower).toArray(), solvedBy.stream().mapToDouble(Estimate::upper).toArray())));
    RunDir.writeAtomically(dir.summaryMarkdown(), markdown(results, all, solvedBy, seconds));
  }

  /** Share of all tasks whose first pass came at or before attempt i (a stopped loop stays where it was). */
  List<Estimate> solvedBy(List<TaskResult> results) {
    List<Estimate> out = new ArrayList<>();
    for (int i = 0; i < settings.maxIterations(); i++) {
      int at = i;
      out.add(Estimate.rate(results.stream().filter(t -> t.firstPass().isPresent() && t.firstPass().getAsInt() <= at).count(),
          results.size()));
    }
    return out;
  }

  static Map<String, Long> stopReasons(List<TaskResult> results) {
    Map<String, Long> out = new TreeMap<>();
    results.forEach(t -> out.merge(t.stopReason(), 1L, Long::sum));
    return out;
  }

  private void task(ObjectNode o, TaskResult t) {
    o.put("task", t.task().id());
    o.put("source", t.task().source());
    o.put("pack_id", t.task().pack().packId());
    o.put("attempts", t.attempts());
    o.put("passed", t.passed());
    if (t.passed()) o.put("first_pass_attempt", t.firstPass().getAsInt()); else o.putNull("first_pass_attempt");
    o.put("stop_reason", t.stopReason());
    var rewards = o.putArray("reward_by_attempt");
    t.rewards().forEach(rewards::add);
    var ok = o.putArray("success_by_attempt");
    t.successes().forEach(ok::add);
    var ws = o.putArray("workspace_at_attempt_start");
    for (StopRules.Seen seen : t.workspace()) {
      ws.addObject().put("attempt", seen.attempt()).put("files", seen.workspace().files()).put("bytes", seen.workspace().bytes())
          .put("sha256", seen.workspace().digest());
    }
  }

  private void hints(TaskResult t) throws IOException {
    Path folder = dir.root().resolve("hints").resolve(t.task().id());
    StringBuilder md = new StringBuilder("# hints of task " + t.task().id() + "\n\n" + t.task().source() + "; stopped: "
        + t.stopReason() + "\n\n");
    for (int i = 0; i < t.hints().size(); i++) {
      RunDir.writeAtomically(folder.resolve(String.format(Locale.ROOT, "attempt-%02d.txt", i)), t.hints().get(i) + "\n");
      boolean same = i > 0 && t.hints().get(i).equals(t.hints().get(i - 1));
      md.append(String.format(Locale.ROOT, "## attempt %d: reward %.3f%s%s%n%n", i, t.rewards().get(i),
          t.successes().get(i) ? " (passed)" : "", same ? " — hints unchanged" : ""));
      md.append("```\n").append(t.hints().get(i)).append("\n```\n\n");
    }
    RunDir.writeAtomically(folder.resolveSibling(t.task().id() + ".md"), md.toString());
  }

  private String markdown(List<TaskResult> results, SliceMetrics all, List<Estimate> solvedBy, double seconds) throws IOException {
    var spec = RunSpec.JSON.readTree(dir.spec().toFile());
    StringBuilder b = new StringBuilder("# ralph " + id + "\n\n- policy: `" + policy + "`\n- " + results.size() + " task(s), up to "
        + spec.path("max_iterations").asInt() + " attempts; until-pass " + spec.path("until_pass").asBoolean() + ", stagnation "
        + spec.path("stagnation").asInt() + ", attempt timeout " + spec.path("attempt_timeout").asText() + ", workspace "
        + spec.path("workspace").asBoolean() + "\n" + String.format(Locale.ROOT, "- wall time of this run: %.1f s%n%n", seconds));
    b.append("| task | attempts | first pass | stopped because | reward by attempt |\n|---|---:|---:|---|---|\n");
    for (TaskResult t : results) {
      b.append("| ").append(t.task().id()).append(" | ").append(t.attempts()).append(" | ")
          .append(t.passed() ? Integer.toString(t.firstPass().getAsInt()) : "–").append(" | ").append(t.stopReason()).append(" | ")
          .append(String.join(" ", t.rewards().stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList())).append(" |\n");
    }
    b.append("\n### Tasks solved by attempt\n\n| attempt | solved (95% CI) |\n|---:|---|\n");
    for (int i = 0; i < solvedBy.size(); i++) b.append("| ").append(i).append(" | ").append(cell(solvedBy.get(i))).append(" |\n");
    b.append("\nThe curves below are over the attempts that were made (a loop that stopped adds nothing after it).\n\n");
    b.append(SliceReport.markdown(Map.of("all tasks", all), "attempt"));
    b.append("\n![solved by attempt](plots/solved-by-attempt.png)\n![success by attempt](plots/success-by-attempt.png)\n"
        + "![reward by attempt](plots/reward-by-attempt.png)\n\nHint history: hints/<task>.md, and hints/<task>/attempt-NN.txt for `diff`.\n");
    return b.toString();
  }

  private static String cell(Estimate e) {
    return e.defined() ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper()) : "–";
  }

  private List<EpisodeLines.Labeled> labeled(List<EpisodeRecord> records, Map<String, RalphTask> byAgent) {
    List<String> order = new ArrayList<>(byAgent.keySet());
    List<EpisodeRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.<EpisodeRecord>comparingInt(r -> order.indexOf(r.agentId())).thenComparingInt(EpisodeRecord::position)
        .thenComparingInt(r -> r.kind() == EpisodeKind.SOLVE ? 0 : 1));
    List<EpisodeLines.Labeled> out = new ArrayList<>();
    for (EpisodeRecord r : sorted) {
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("ralph_id", id);
      labels.put("task", byAgent.containsKey(r.agentId()) ? byAgent.get(r.agentId()).id() : "?");
      labels.put("attempt", r.position());
      out.add(new EpisodeLines.Labeled(r, labels));
    }
    return out;
  }
}
