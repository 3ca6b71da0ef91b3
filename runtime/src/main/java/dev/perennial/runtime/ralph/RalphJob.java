package dev.perennial.runtime.ralph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.tools.Workspaces;
import dev.perennial.environments.Pack;
import dev.perennial.environments.Task;
import dev.perennial.runtime.eval.Harness;
import dev.perennial.runtime.eval.PackDriver;
import dev.perennial.runtime.eval.PolicyBackends;
import dev.perennial.runtime.eval.PolicySpec;
import dev.perennial.runtime.eval.RunDir;
import dev.perennial.runtime.eval.RunSpec;
import dev.perennial.runtime.evaluation.AgentEpisodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One {@code perennial ralph}: every task's Ralph loop — a fresh solve episode per attempt, only
 * the hints the agent wrote (and its workspace's files) carried to the next — run by one agent
 * per task walking the task's Ralph pack, stopped early by {@link StopRules}. Claims
 * {@code ralph/<id>/} (a re-run must ask for the same run and resumes it), drives the loops, reads
 * every episode back from the journal and writes the report ({@link RalphReport}).
 */
public final class RalphJob {
  static final String WORKSPACE_NOTE = "\n(Files you write in your working directory are kept for your next attempt.)";

  /** Tasks from one environment (its pack of the run's seed) or from a task file. */
  public record Request(String id, PolicySpec policy, Optional<String> environment, Optional<Path> taskFile) {
    public Request {
      if (environment.isPresent() == taskFile.isPresent()) {
        throw new IllegalArgumentException("name one task source: --env NAME (with --seed) or --tasks FILE.jsonl");
      }
    }
  }

  public record Outcome(RunDir dir, List<TaskResult> results, long policyCalls) {}

  private final Config config;
  private final RalphSettings settings;
  private final PrintStream log;

  public RalphJob(Config config, PrintStream log) {
    this.config = config;
    this.settings = RalphSettings.from(config);
    this.log = log;
  }

  public Outcome run(Request r) throws Exception {
    long start = System.nanoTime();
    RunDir dir = RunDir.of(settings.ralphDir(), r.id());
    try (Harness harness = Harness.prepare(config, r.policy())) {
      var components = harness.components();
      RalphTasks.Loaded loaded = r.taskFile().isPresent()
          ? RalphTasks.fromFile(r.taskFile().get(), components.environments(), components.verifiers(), settings)
          : RalphTasks.fromEnvironment(components.environments(), r.environment().get(), settings.seed(), settings.difficulty(),
              settings.maxIterations());
      PolicyBackends.requireExperts(r.policy(), loaded.tasks().stream()
          .map(t -> loaded.registry().get(t.environment())).toList());
      List<RalphTask> tasks = settings.workspace() ? loaded.tasks().stream().map(RalphJob::withWorkspaceNote).toList() : loaded.tasks();
      RunSpec.claim(dir.spec(), spec(r, tasks));
      Map<String, Path> workspaces = settings.workspace() ? workspaces(dir, tasks, harness) : Map.of();

      String prefix = "ralph-" + r.id() + "-";
      Map<String, RalphTask> byAgent = new LinkedHashMap<>();
      tasks.forEach(t -> byAgent.put(prefix + t.id(), t));
      Map<String, Path> wsByAgent = new HashMap<>();
      workspaces.forEach((task, path) -> wsByAgent.put(prefix + task, path));
      Harness.Started run = harness.start("perennial-ralph", prefix, settings.seed(), settings.temperature(), loaded.registry(),
          agent -> Optional.ofNullable(byAgent.get(agent)).flatMap(t -> loaded.registry().find(t.environment())),
          Workspaces.of(wsByAgent));
      log.printf(Locale.ROOT, "ralph %s: %s on %d task(s), up to %d attempts each%s -> %s%n", r.id(), run.policyDescription(),
          tasks.size(), settings.maxIterations(), settings.workspace() ? ", with workspaces" : "", dir.root());

      Map<String, StopRules> rules = new HashMap<>();
      Map<String, String> reasons = new HashMap<>();
      List<PackDriver.Job> jobs = new ArrayList<>();
      for (var e : byAgent.entrySet()) {
        // under eval/, which the learner never trains on (perennial.learner.loop.exclude-group-prefixes)
        jobs.add(new PackDriver.Job(e.getKey(), e.getValue().pack(), "eval/ralph/" + r.id() + "/" + e.getValue().id()));
        rules.put(e.getKey(), new StopRules(settings, Optional.ofNullable(wsByAgent.get(e.getKey())),
            run.deps().settings().prompt().noHintsText(), System::nanoTime));
      }
      new PackDriver(run.node().system(), run.deps(), settings.driver()).run(jobs, job -> rules.get(job.agentId()), (f, done, total) -> {
        String reason = switch (f.ending()) {
          case STOPPED -> f.reason();
          case COMPLETED -> "";
          case DONE_BEFORE -> readStop(dir, byAgent.get(f.job().agentId())).orElse("");
        };
        reasons.put(f.job().agentId(), reason);
        if (f.ending() == PackDriver.Ending.STOPPED) writeStop(dir, byAgent.get(f.job().agentId()), reason);
        log.printf(Locale.ROOT, "ralph %s: %d/%d loops done (%s: %s)%n", r.id(), done, total, byAgent.get(f.job().agentId()).id(),
            f.ending() == PackDriver.Ending.DONE_BEFORE ? "done in an earlier run" : reason.isEmpty() ? "ran every attempt" : reason);
      });

      List<EpisodeRecord> records = AgentEpisodes.records(run.node().system(), List.copyOf(byAgent.keySet())).toCompletableFuture()
          .get(5, TimeUnit.MINUTES);
      List<TaskResult> results = new ArrayList<>();
      for (var e : byAgent.entrySet()) {
        List<EpisodeRecord> mine = records.stream().filter(x -> x.agentId().equals(e.getKey())).toList();
        if (mine.isEmpty()) throw new IllegalStateException("the journal holds no episode of task " + e.getValue().id());
        TaskResult result = TaskResult.of(e.getValue(), mine, reasons.getOrDefault(e.getKey(), ""), rules.get(e.getKey()).seen());
        results.add(result.stopReason().isEmpty() ? result.stoppedBy(TaskResult.ending(settings.untilPass(), result.successes())) : result);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      new RalphReport(dir, r.id(), run.policyDescription(), settings).write(records, results, byAgent, seconds, run.policy().calls());
      long passed = results.stream().filter(TaskResult::passed).count();
      log.printf(Locale.ROOT, "ralph %s: %d of %d task(s) passed; wrote %s%n", r.id(), passed, results.size(), dir.summaryMarkdown());
      return new Outcome(dir, results, run.policy().calls());
    }
  }

  /** The task's prompt says that its files stay; nothing else about the task changes. */
  static RalphTask withWorkspaceNote(RalphTask t) {
    Pack p = t.pack();
    for (Task task : p.tasks()) {
      if (!task.tools().contains("python")) {
        throw new IllegalArgumentException("--workspace needs tasks whose agents may run python; task " + t.id() + " ("
            + t.source() + ") allows " + task.tools());
      }
    }
    List<Task> noted = p.tasks().stream().map(x -> new Task(x.taskId(), x.environment(), x.dataSource(), x.prompt() + WORKSPACE_NOTE,
        x.groundTruth(), x.extraInfo(), x.tools())).toList();
    return new RalphTask(t.id(), new Pack(p.packId(), p.environment(), p.spec(), noted, p.ruleDescription()), t.source());
  }

  private Map<String, Path> workspaces(RunDir dir, List<RalphTask> tasks, Harness harness) throws IOException {
    Path root = settings.workspacesDir().map(p -> p.resolve(dir.id())).orElse(dir.root().resolve("workspaces")).toAbsolutePath();
    Map<String, Path> out = new LinkedHashMap<>();
    for (RalphTask t : tasks) {
      Path ws = Files.createDirectories(root.resolve(t.id()));
      // only folders this run made are opened to the sandbox uid (never a folder the user chose)
      for (Path p = ws; p != null && p.startsWith(dir.root()); p = p.getParent()) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
      Optional<String> problem = harness.components().sandbox().workspaceProblem(ws);
      if (problem.isPresent()) throw new IllegalArgumentException(problem.get() + " (perennial.runtime.ralph.workspaces-dir chooses another place)");
      out.put(t.id(), ws);
    }
    return out;
  }

  private ObjectNode spec(Request r, List<RalphTask> tasks) {
    ObjectNode s = RunSpec.object();
    s.put("kind", "ralph");
    s.put("policy", r.policy().render());
    var list = s.putArray("tasks");
    tasks.forEach(t -> list.addObject().put("id", t.id()).put("pack", t.pack().packId()).put("source", t.source()));
    s.put("max_iterations", settings.maxIterations());
    s.put("until_pass", settings.untilPass());
    s.put("stagnation", settings.stagnation());
    s.put("attempt_timeout", settings.attemptTimeout().toString());
    s.put("workspace", settings.workspace());
    s.put("seed", settings.seed());
    s.put("temperature", settings.temperature());
    s.put("agents", config.getConfig("perennial.agents").root().render(ConfigRenderOptions.concise()));
    return s;
  }

  private static Path stopFile(RunDir dir, RalphTask t) { return dir.root().resolve("stops").resolve(t.id() + ".txt"); }

  private static void writeStop(RunDir dir, RalphTask t, String reason) {
    try {
      RunDir.writeAtomically(stopFile(dir, t), reason);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot record why task " + t.id() + " stopped", e);
    }
  }

  private static Optional<String> readStop(RunDir dir, RalphTask t) {
    try {
      return Files.exists(stopFile(dir, t)) ? Optional.of(Files.readString(stopFile(dir, t)).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
