package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.tools.Workspaces;
import dev.perennial.runtime.evaluation.AgentEpisodes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code perennial eval}: checks the policy, resolves the environments and dataset files,
 * claims {@code evals/<id>/} (a re-run must ask for the same eval), starts a node on the eval's
 * own journal, drives the plan's agents ({@link PackDriver}: agents already done are not run
 * again), reads every episode back from the journal and writes the results, the summary and the
 * plots. Runs on the caller's thread, which it blocks.
 */
public final class EvalJob {
  /** What to evaluate; everything else comes from {@code perennial.runtime.eval} and the agents' settings. */
  public record Request(String id, List<String> environments, List<Path> datasets, PolicySpec policy) {}

  /** @param policyCalls generations this run asked for (fewer than a full run's when it resumed) */
  public record Outcome(RunDir dir, Map<String, SliceMetrics> slices, long policyCalls, int packsDoneBefore, double seconds) {}

  private final Config config;
  private final EvalSettings settings;
  private final PrintStream log;
  private final PackDriver.Listener hook;

  /** @param hook told of every finished pack after the progress line (tests stop a run half-way with it) */
  public EvalJob(Config config, PrintStream log, PackDriver.Listener hook) {
    this.config = config;
    this.settings = EvalSettings.from(config);
    this.log = log;
    this.hook = hook;
  }

  public Outcome run(Request r) throws Exception {
    long start = System.nanoTime();
    RunDir dir = RunDir.of(settings.evalsDir(), r.id());
    try (Harness harness = Harness.prepare(config, r.policy())) {
      Targets targets = Targets.resolve(r.environments(), r.datasets(), harness.components().environments(),
          harness.components().verifiers(), settings.skipBadRows());
      targets.warnings().forEach(w -> log.println("warning: " + w));
      PolicyBackends.requireExperts(r.policy(), targets.environments());
      EvalPlan plan = EvalPlan.of(r.id(), targets.environments(), settings.packs(), settings.packSize(), settings.samples(),
          settings.seed(), settings.difficulty());
      RunSpec.claim(dir.spec(), spec(r, targets));
      Map<String, String> envOfAgent = new HashMap<>();
      plan.entries().forEach(e -> envOfAgent.put(e.job().agentId(), e.environment()));
      Harness.Started run = harness.start("perennial-eval", plan.agentPrefix(), settings.seed(), settings.temperature(),
          targets.registry(), agent -> Optional.ofNullable(envOfAgent.get(agent)).flatMap(targets.registry()::find), Workspaces.NONE);
      log.printf(Locale.ROOT, "eval %s: %s on %d pack(s) of %d task(s) x %d sample(s) in %s -> %s%n", r.id(),
          run.policyDescription(), settings.packs(), settings.packSize(), settings.samples(),
          String.join(", ", targets.environments().stream().map(e -> e.name()).toList()), dir.root());
      int[] doneBefore = {0};
      List<PackDriver.Finished> finished = new PackDriver(run.node().system(), run.deps(), settings.driver()).run(plan.jobs(),
          job -> PackDriver.StopRule.NEVER, (f, done, total) -> {
            if (f.ending() == PackDriver.Ending.DONE_BEFORE) doneBefore[0]++;
            log.printf(Locale.ROOT, "eval %s: %d/%d agents done (%d from an earlier run), %.0f s%n", r.id(), done, total,
                doneBefore[0], (System.nanoTime() - start) / 1e9);
            hook.finished(f, done, total);
          });
      List<EpisodeRecord> records = AgentEpisodes.records(run.node().system(), plan.agentIds()).toCompletableFuture()
          .get(5, TimeUnit.MINUTES);
      if (records.size() != plan.expectedEpisodes()) {
        throw new IllegalStateException("the journal holds " + records.size() + " episodes of this eval, expected "
            + plan.expectedEpisodes() + " (" + finished.size() + " agents finished)");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, SliceMetrics> slices = slices(records, targets);
      new EvalReport(dir, r.id(), run.policyDescription()).write(plan, records, slices, seconds, run.policy().calls(), doneBefore[0]);
      log.printf(Locale.ROOT, "eval %s: success %s, mean reward %s; wrote %s%n", r.id(), SliceReport.cell(slices.get("all").success()),
          SliceReport.cell(slices.get("all").reward()), dir.summaryMarkdown());
      return new Outcome(dir, slices, run.policy().calls(), doneBefore[0], seconds);
    }
  }

  /** "all" first, then each environment in the order asked. */
  static Map<String, SliceMetrics> slices(List<EpisodeRecord> records, Targets targets) {
    Map<String, SliceMetrics> out = new LinkedHashMap<>();
    out.put("all", SliceMetrics.of(records));
    if (targets.environments().size() > 1) {
      for (var env : targets.environments()) {
        List<EpisodeRecord> of = new ArrayList<>(records.stream().filter(e -> e.environment().equals(env.name())).toList());
        out.put(env.name(), SliceMetrics.of(of));
      }
    }
    return out;
  }

  private ObjectNode spec(Request r, Targets targets) {
    ObjectNode s = RunSpec.object();
    s.put("kind", "eval");
    s.put("policy", r.policy().render());
    var envs = s.putArray("environments");
    targets.environments().forEach(e -> envs.add(e.name()));
    var files = s.putArray("datasets");
    r.datasets().forEach(f -> files.add(f.toAbsolutePath().normalize().toString()));
    s.put("packs", settings.packs());
    s.put("pack_size", settings.packSize());
    s.put("samples", settings.samples());
    s.put("seed", settings.seed());
    s.put("difficulty", settings.difficulty());
    s.put("temperature", settings.temperature());
    s.put("agents", config.getConfig("perennial.agents").root().render(ConfigRenderOptions.concise()));
    return s;
  }
}
