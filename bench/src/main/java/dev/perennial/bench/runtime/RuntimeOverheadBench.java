package dev.perennial.bench.runtime;

import akka.actor.typed.ActorRef;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.bench.suite.Options;
import dev.perennial.bench.suite.Paired;
import dev.perennial.bench.suite.SectionReport;
import dev.perennial.bench.suite.Spread;
import dev.perennial.bench.suite.Timed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.IntStream;

/**
 * The runtime's own overhead, as ratios against references measured in the same run:
 * <ol>
 *   <li><b>journal rate</b>: N sharded agents work CoD packs (plan, an echo tool call, answer,
 *       score, update-context) against an instant scripted model, on the real H2 file journal;
 *       the reference is N {@link RawWriter}s persisting the very same event batches (read back
 *       from an agent's journal) through the same journal plugin with no agent logic. Events/s and
 *       turns/s of the agents over those of the writers (goal ≥ 0.70);</li>
 *   <li><b>per-turn overhead</b> at a simulated model latency (50 ms): M agents against the
 *       delayed model; the reference is M loops calling the same delayed model back to back. The
 *       fraction of an agent's turn time not spent in the model (goal ≤ 0.02).</li>
 * </ol>
 * Rounds alternate subject and reference (ABBA), after unmeasured warm-up rounds (JIT).
 * Run: {@code bench/run.sh runtime.RuntimeOverheadBench [--agents 16] [--packs 3] [--pack-size 4]
 * [--rounds 5] [--warmup 20] [--turn-chars 128] [--latency-ms 50] [--latency-agents 8] [--latency-packs 2] [--out F]}.
 */
public final class RuntimeOverheadBench {
  private static final Duration PATIENCE = Duration.ofMinutes(10);

  private RuntimeOverheadBench() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args,
        "agents", "agents (and raw writers) running at once in the journal-rate part (16)",
        "packs", "packs per agent per round (3)", "pack-size", "tasks per pack (4)", "rounds", "measured rounds of each (5)",
        "turn-chars", "characters (= tokens) the scripted model writes in a plan or reflection (128)",
        "latency-ms", "simulated model latency of the per-turn part (50)",
        "latency-agents", "agents in the per-turn part (8)", "latency-packs", "packs per agent per round there (2)",
        "warmup", "seconds of unmeasured rounds first, JIT warm-up (20; half of it before the per-turn part)",
        "config", "HOCON layered over the node's configuration (e.g. journal batch settings)",
        "in-memory-diagnostic", "on: also measure the per-turn overhead with Akka's in-memory journal (on)",
        "only", "profiling: run only 'agents' or 'raw' in the journal-rate part, skip the rest", "out", "results file");
    int agents = o.integer("agents", 16), packs = o.integer("packs", 3), rounds = o.integer("rounds", 5);
    int warmup = o.integer("warmup", 20);
    SectionReport report = new SectionReport("runtime", "agents on the H2 file journal vs the same events written with no agent logic");
    try (BenchNode bench = BenchNode.start("runtime-bench", o.string("config", ""), o.integer("turn-chars", 128), o.integer("pack-size", 4))) {
      bench.load.run(List.of("capture"), 1, PATIENCE).get();
      EventBatches pack = EventBatches.read(bench.system(), "Agent|capture", Duration.ofSeconds(60));
      GenerationRequest firstTurn = bench.model.firstRequest();
      System.out.printf("one pack: %d events in %d writes, %d turns%n", pack.events(), pack.writes(), pack.turns());
      report.details().put("events_per_pack", pack.events()).put("writes_per_pack", pack.writes()).put("turns_per_pack", pack.turns());

      String only = o.string("only", "");
      if (!only.isEmpty()) {
        profile(bench, pack, agents, packs, rounds, only);
        System.exit(0);
      }
      journalRate(bench, pack, agents, packs, rounds, warmup, report);
      perTurnOverhead(bench, firstTurn, pack.turns(), o.integer("latency-agents", 8), o.integer("latency-packs", 2),
          Duration.ofMillis(o.integer("latency-ms", 50)), rounds, warmup / 2, "", report);
    }
    if (o.string("in-memory-diagnostic", "on").equals("on")) {
      // the same per-turn measurement with a journal that answers at once: what is left is the
      // actors' own hops (tool executor, verifier, pipeToSelf); the difference is the H2 write latency
      try (BenchNode bench = BenchNode.start("runtime-bench-inmem", dir -> """
          akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
          akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.local"
          akka.persistence.snapshot-store.local.dir = "%s"
          """.formatted(dir.resolve("snapshots").toString().replace("\\", "/")), o.integer("turn-chars", 128), o.integer("pack-size", 4))) {
        bench.load.run(List.of("capture"), 1, PATIENCE).get();
        GenerationRequest firstTurn = bench.model.firstRequest();
        int turnsPerPack = (int) bench.model.calls(); // the capture pack's turns: no query side on this journal
        perTurnOverhead(bench, firstTurn, turnsPerPack, o.integer("latency-agents", 8), o.integer("latency-packs", 2),
            Duration.ofMillis(o.integer("latency-ms", 50)), Math.max(3, rounds / 2), warmup / 4, "in-memory journal", report);
      }
    }
    report.write(o.out("runtime"));
    System.exit(0);
  }

  private static void journalRate(BenchNode bench, EventBatches pack, int agents, int packs, int rounds, int warmup,
      SectionReport report) throws Exception {
    List<String> ids = IntStream.range(0, agents).mapToObj(i -> "a" + i).toList();
    List<ActorRef<RawWriter.Command>> writers = bench.rawWriters("raw", agents, "", "");
    double events = (double) agents * packs * pack.events();
    double turns = (double) agents * packs * pack.turns();
    Paired rates = Paired.run("journal rate", rounds, warmup,
        () -> Timed.of(() -> bench.load.run(ids, packs, PATIENCE)).per(events),
        () -> Timed.of(() -> bench.write(writers, pack.batches(), packs, PATIENCE)).per(events),
        (a, r) -> String.format("agents %8.0f events/s   raw journal %8.0f events/s   ratio %.2f   per CPU-s: %8.0f vs %8.0f (%.2f)",
            a.rate(), r.rate(), a.rate() / r.rate(), a.cpuRate(), r.cpuRate(), a.cpuRate() / r.cpuRate()));
    Spread ratio = rates.ratio(Timed::rate);
    report.row("agent events/s ÷ raw journal events/s", ratio, "ratio", "RawWriter: same events, same writes, same journal", ">= 0.70");
    report.row("agent turns/s ÷ raw journal turns/s", ratio, "ratio", "RawWriter: same events, same writes, same journal", ">= 0.70");
    report.row("agent events per CPU-s ÷ raw journal's", rates.ratio(Timed::cpuRate), "ratio", "RawWriter, process CPU time");
    report.details().put("agents", agents).put("packs_per_round", packs).put("warmup_seconds", warmup);
    report.details().set("agent_events_per_second", rates.subject(Timed::rate).toJson());
    report.details().set("raw_events_per_second", rates.reference(Timed::rate).toJson());
    report.details().set("agent_turns_per_second", rates.subject(t -> t.rate() * turns / events).toJson());
    report.details().set("agent_events_per_cpu_second", rates.subject(Timed::cpuRate).toJson());
    report.details().set("raw_events_per_cpu_second", rates.reference(Timed::cpuRate).toJson());
  }

  /** One side of the journal-rate part alone, for a profiler (JFR) to look at. */
  private static void profile(BenchNode bench, EventBatches pack, int agents, int packs, int rounds, String only) throws Exception {
    List<String> ids = IntStream.range(0, agents).mapToObj(i -> "a" + i).toList();
    List<ActorRef<RawWriter.Command>> writers = bench.rawWriters("raw", agents, "", "");
    double events = (double) agents * packs * pack.events();
    for (int round = 0; round < rounds; round++) {
      Timed t = switch (only) {
        case "agents" -> Timed.of(() -> bench.load.run(ids, packs, PATIENCE)).per(events);
        case "raw" -> Timed.of(() -> bench.write(writers, pack.batches(), packs, PATIENCE)).per(events);
        default -> throw new IllegalArgumentException("--only takes 'agents' or 'raw', got '" + only + "'");
      };
      System.out.printf("%s round %d: %8.0f events/s, %8.0f per CPU-s%n", only, round, t.rate(), t.cpuRate());
    }
  }

  /** {@code journal}: "" for the node's own (H2) journal, else a name for a diagnostic row without goal. */
  private static void perTurnOverhead(BenchNode bench, GenerationRequest firstTurn, int turnsPerPack, int agents, int packs,
      Duration latency, int rounds, int warmup, String journal, SectionReport report) throws Exception {
    bench.model.latency(latency);
    List<String> ids = IntStream.range(0, agents).mapToObj(i -> "slow" + i).toList();
    int callsPerLoop = packs * turnsPerPack;
    String key = journal.isEmpty() ? "" : journal.replace(' ', '_').replace("-", "_") + "_";
    Paired turns = Paired.run("per-turn overhead" + (journal.isEmpty() ? "" : ", " + journal), rounds, warmup,
        () -> Timed.of(() -> bench.load.run(ids, packs, PATIENCE)).per(callsPerLoop),
        () -> Timed.of(() -> modelLoops(bench.model, firstTurn, agents, callsPerLoop)).per(callsPerLoop),
        (a, m) -> String.format("agent turn %6.2f ms   model alone %6.2f ms   overhead %.1f%%",
            1e3 / a.rate(), 1e3 / m.rate(), 100 * (1 - a.rate() / m.rate())));
    // turn time is 1/rate: the overhead is the part of an agent's turn the model alone does not take
    Spread overhead = turns.combine((a, m) -> 1 - a.rate() / m.rate());
    if (journal.isEmpty()) {
      report.row("per-turn overhead at " + latency.toMillis() + " ms model calls", overhead, "fraction of turn time",
          "the same delayed model called in a loop", "<= 0.02");
    } else {
      report.row("  same with " + journal + " (diagnostic)", overhead, "fraction of turn time", "the same delayed model called in a loop");
    }
    report.details().put("latency_agents", agents).put("latency_ms", latency.toMillis())
        .set(key + "overhead_ms_per_turn", turns.combine((a, m) -> 1e3 / a.rate() - 1e3 / m.rate()).toJson());
    report.details().set(key + "agent_turn_ms", turns.subject(a -> 1e3 / a.rate()).toJson());
    report.details().set(key + "model_turn_ms", turns.reference(m -> 1e3 / m.rate()).toJson());
  }

  /** {@code loops} callers, each calling the model {@code calls} times, the next call when the last answered. */
  private static CompletableFuture<Void> modelLoops(ScriptedModel model, GenerationRequest request, int loops, int calls) {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < loops; i++) all.add(call(model, request, calls).toCompletableFuture());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  private static CompletionStage<Void> call(ScriptedModel model, GenerationRequest request, int left) {
    if (left == 0) return CompletableFuture.completedFuture(null);
    return model.generate(request).thenCompose(g -> call(model, request, left - 1));
  }

}
