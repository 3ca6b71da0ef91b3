package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what an eval found into its folder: {@code results.jsonl} (every episode with its
 * trajectory, in plan order), {@code summary.json} (the spec, the metrics overall and per
 * environment, wall-clock numbers apart under {@code timing}), {@code summary.md} and the curves
 * by pack position under {@code plots/}.
 */
final class EvalReport {
  private final RunDir dir;
  private final String id;
  private final String policy;

  EvalReport(RunDir dir, String id, String policy) {
    this.dir = dir;
    this.id = id;
    this.policy = policy;
  }

  void write(EvalPlan plan, List<EpisodeRecord> records, Map<String, SliceMetrics> slices, double seconds, long policyCalls,
      int packsDoneBefore) throws IOException {
    EpisodeLines.write(dir.results(), labeled(id, plan, records));
    ObjectNode summary = RunSpec.object();
    summary.put("eval_id", id);
    summary.put("policy", policy);
    summary.set("spec", RunSpec.JSON.readTree(dir.spec().toFile()));
    ObjectNode metrics = summary.putObject("metrics");
    slices.forEach((name, m) -> m.writeTo(metrics.putObject(name), "position"));
    ObjectNode timing = summary.putObject("timing");
    timing.put("wall_seconds_this_run", seconds);
    timing.put("policy_calls_this_run", policyCalls);
    timing.put("agents_done_in_earlier_runs", packsDoneBefore);
    timing.put("finished_at", Instant.now().toString());
    slices.forEach((name, m) -> m.writeTimingTo(timing.putObject(name)));
    RunDir.writeAtomically(dir.summaryJson(), RunSpec.JSON.writeValueAsString(summary));
    SliceReport.plots(dir.plots(), slices, "position", "eval " + id);
    RunDir.writeAtomically(dir.summaryMarkdown(), markdown(slices, seconds));
  }

  private String markdown(Map<String, SliceMetrics> slices, double seconds) throws IOException {
    var spec = RunSpec.JSON.readTree(dir.spec().toFile());
    return "# eval " + id + "\n\n"
        + "- policy: `" + policy + "`\n"
        + "- environments: " + spec.path("environments") + ", " + spec.path("packs").asInt() + " packs of "
        + spec.path("pack_size").asInt() + " tasks × " + spec.path("samples").asInt() + " samples, seed "
        + spec.path("seed").asLong() + ", difficulty " + spec.path("difficulty").asInt() + ", temperature "
        + spec.path("temperature").asDouble() + "\n"
        + String.format(Locale.ROOT, "- wall time of this run: %.1f s%n%n", seconds)
        + "Intervals are 95%: Wilson for rates, normal for means (pass@k: over tasks).\n\n"
        + SliceReport.markdown(slices, "position")
        + "\n![success by position](plots/success-by-position.png)\n![reward by position](plots/reward-by-position.png)\n";
  }

  /** Episodes in plan order (agent by agent), each agent's in pack order, a solve before its update. */
  static List<EpisodeLines.Labeled> labeled(String id, EvalPlan plan, List<EpisodeRecord> records) {
    Map<String, EvalPlan.Entry> byAgent = new HashMap<>();
    Map<String, Integer> order = new LinkedHashMap<>();
    for (EvalPlan.Entry e : plan.entries()) {
      byAgent.put(e.job().agentId(), e);
      order.put(e.job().agentId(), order.size());
    }
    List<EpisodeRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.<EpisodeRecord>comparingInt(r -> order.getOrDefault(r.agentId(), Integer.MAX_VALUE))
        .thenComparingInt(EpisodeRecord::position)
        .thenComparingInt(r -> r.kind() == EpisodeKind.SOLVE ? 0 : 1));
    List<EpisodeLines.Labeled> out = new ArrayList<>();
    for (EpisodeRecord r : sorted) {
      EvalPlan.Entry e = byAgent.get(r.agentId());
      Map<String, Object> labels = new LinkedHashMap<>();
      labels.put("eval_id", id);
      if (e != null) {
        labels.put("pack", e.packIndex());
        labels.put("sample", e.sample());
      }
      out.add(new EpisodeLines.Labeled(r, labels));
    }
    return out;
  }
}
