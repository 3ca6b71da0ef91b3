package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the results files of the benchmark drivers that predate the suite (InferenceBench,
 * TrainingBench, VerifierBench, SandboxBench, ScaleBench) into table rows. Each row is a ratio
 * those drivers measured against a reference in the same run; a figure they do not report is left
 * out rather than guessed. Single-measurement ratios get a spread of one value (n=1).
 */
final class Adapters {
  private Adapters() {}

  /** PolicyServer speed-up over one agent, and DJL vs PyTorch decode, from InferenceBench. */
  static SectionReport inference(JsonNode in) {
    SectionReport r = new SectionReport("inference", "DJL PolicyServer tokens/s by concurrent agents; DJL vs Debian PyTorch "
        + (in.path("parity").isMissingNode() ? "(PyTorch reference unavailable)" : "1.13 on the same model and shapes"));
    for (JsonNode row : in.path("policy_server_single_turn")) {
      int agents = row.get("agents").asInt();
      if (agents == 1) continue;
      r.row("PolicyServer tokens/s, " + agents + " agents ÷ 1 agent", repeated(row, "speedup_vs_first"), "ratio",
          "1 agent, same pass", agents == 32 ? ">= 6" : null);
      r.row("  same, per CPU-second", repeated(row, "cpu_speedup_vs_first"), "ratio", "1 agent, process CPU time");
    }
    for (JsonNode row : in.path("policy_server_agent_episodes")) {
      int agents = row.get("agents").asInt();
      if (agents == 32) r.row("PolicyServer tokens/s, 32 agents ÷ 1, multi-turn episodes", repeated(row, "speedup_vs_first"), "ratio",
          "1 agent, same pass");
    }
    for (JsonNode row : in.path("decode")) {
      r.row("DJL decode tokens/s ÷ PyTorch, batch " + row.get("batch").asInt(), one(row.get("djl_over_torch")), "ratio",
          "PyTorch eager, same weights and shapes");
    }
    if (in.has("parity")) r.details().set("parity", in.get("parity"));
    r.details().put("threads", in.path("threads").asInt()).put("device", in.path("device").asText())
        .put("parameters", in.path("parameters").asLong());
    r.details().set("source", in);
    return r;
  }

  /** DJL training step tokens/s over PyTorch's on the same shapes, from TrainingBench. */
  static SectionReport training(JsonNode in) {
    SectionReport r = new SectionReport("training", "DJL SFT step (forward, backward, clip, AdamW) vs Debian PyTorch 1.13, same model and shapes");
    for (JsonNode row : in.path("train_step")) {
      String shape = row.get("batch").asInt() + "×" + row.get("tokens").asInt();
      r.row("train tokens/s DJL ÷ PyTorch, " + shape, one(row.get("djl_over_torch")), "ratio", "PyTorch, same shapes", ">= 0.9");
      r.row("  same, per CPU-second", one(row.get("djl_over_torch_per_cpu_second")), "ratio", "PyTorch, process CPU time");
    }
    r.details().set("source", in);
    return r;
  }

  /**
   * Verifier rows/s per domain, in units of a bare {@code python3 -c pass} start measured in the
   * same run (rows verified in the time one python start takes): the machine's speed cancels out.
   */
  static SectionReport verifiers(JsonNode in) {
    SectionReport r = new SectionReport("verifiers", "rows verified per bare python3 start time, per domain (example rows)");
    double pythonSeconds = in.path("python_start_baseline").path("p50_ms").asDouble() / 1e3;
    in.path("domains").fields().forEachRemaining(e -> {
      double rowsPerSecond = e.getValue().path("rows_per_s").asDouble();
      r.row("verifier " + e.getKey() + ": rows/s × python start time", one(rowsPerSecond * pythonSeconds), "ratio",
          "bare python3 start (p50 " + Math.round(pythonSeconds * 1e3) + " ms)");
    });
    r.details().set("source", in);
    return r;
  }

  /** Sandboxed python calls against bare python3 calls measured side by side, from SandboxBench. */
  static SectionReport sandbox(JsonNode in) {
    SectionReport r = new SectionReport("sandbox", "sandboxed print(1) vs bare python3 -c (" + in.path("isolation").asText() + ")");
    JsonNode one = in.path("one_thread");
    double bare = one.path("bare_python_c").path("calls_per_s").asDouble();
    r.row("sandbox calls/s, fresh process ÷ bare python3", one(one.path("sandbox_cold").path("calls_per_s").asDouble() / bare), "ratio",
        "bare python3 -c, same run");
    r.row("sandbox calls/s, warm interpreter ÷ bare python3", one(one.path("sandbox_warm").path("calls_per_s").asDouble() / bare), "ratio",
        "bare python3 -c, same run");
    JsonNode par = in.path("parallel");
    if (par.has("bare_calls_per_s")) {
      r.row("sandbox calls/s on " + par.path("threads").asInt() + " threads, fresh ÷ bare",
          one(par.path("cold_calls_per_s").asDouble() / par.path("bare_calls_per_s").asDouble()), "ratio", "bare python3 -c, same threads");
    }
    r.details().set("source", in);
    return r;
  }

  /** Memory per agent, agents per node and recovery with/without snapshots, from the cluster engineer's ScaleBench. */
  static SectionReport scale(JsonNode in) {
    SectionReport r = new SectionReport("scale", "memory per agent, agents per node, recovery time (ScaleBench)");
    for (String journal : List.of("h2", "cassandra")) {
      JsonNode pop = in.path("population_" + journal);
      if (pop.has("heap_per_passivated_agent_bytes") && pop.has("heap_per_active_idle_agent_bytes")) {
        r.row("heap per passivated agent ÷ per active idle agent (" + journal + ")",
            one(pop.get("heap_per_passivated_agent_bytes").asDouble() / pop.get("heap_per_active_idle_agent_bytes").asDouble()),
            "ratio", "an active idle agent, same run");
        r.details().put(journal + "_bytes_per_passivated_agent", pop.get("heap_per_passivated_agent_bytes").asDouble())
            .put(journal + "_bytes_per_active_idle_agent", pop.get("heap_per_active_idle_agent_bytes").asDouble());
      }
      if (pop.has("active_idle_agents_the_heap_holds")) {
        r.row("active idle agents per node (" + journal + ")", one(pop.get("active_idle_agents_the_heap_holds").asDouble()),
            "agents", "heap size ÷ bytes per active agent");
      }
      JsonNode rec = in.path("recovery_" + journal);
      if (rec.has("with_snapshots") && rec.has("without_snapshots")) {
        r.row("recovery time with snapshots ÷ without (" + journal + ", " + rec.path("with_snapshots").path("events").asInt() + " events)",
            ratioOfMedians(rec.get("with_snapshots"), rec.get("without_snapshots")), "ratio", "recovery without snapshots, same agent");
        if (rec.has("read_all_events_of_one_agent")) {
          r.row("recovery time without snapshots ÷ reading its events (" + journal + ")",
              ratioOfMedians(rec.get("without_snapshots"), rec.get("read_all_events_of_one_agent")), "ratio",
              "a query reading the same events");
        }
      }
    }
    r.details().set("source", in);
    return r;
  }

  private static Spread ratioOfMedians(JsonNode subject, JsonNode reference) {
    List<Double> s = values(subject.path("all_ms")), ref = values(reference.path("all_ms"));
    if (s.size() == ref.size() && !s.isEmpty()) return Spread.ratios(s, ref);
    return one(subject.path("median_ms").asDouble() / reference.path("median_ms").asDouble());
  }

  private static List<Double> values(JsonNode array) {
    List<Double> out = new ArrayList<>();
    for (JsonNode v : array) out.add(v.asDouble());
    return out;
  }

  /** A ratio InferenceBench measured once per repetition (or once). */
  private static Spread repeated(JsonNode row, String field) {
    List<Double> all = values(row.path(field + "_by_repetition"));
    return all.isEmpty() ? one(row.get(field)) : Spread.of(all);
  }

  private static Spread one(JsonNode value) { return one(value.asDouble()); }

  private static Spread one(double value) { return Spread.of(value); }
}
