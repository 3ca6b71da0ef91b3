package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import dev.perennial.runtime.eval.PolicySpec;
import dev.perennial.runtime.ralph.RalphJob;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perennial ralph}: Ralph loops — each task attempted again and again, every attempt a
 * fresh solve episode, only the agent's own hints (and with {@code --workspace} its files) carried
 * over — until a stop rule ends it; reward by attempt, the hint history and the same metrics as
 * {@code eval}, into {@code ralph/<id>/}. {@code --tasks file.jsonl} makes a whole benchmark one command.
 */
@Command(name = "ralph", mixinStandardHelpOptions = true,
    description = {"Run Ralph loops: one task attempted again and again, each attempt a fresh episode, only the agent's hints "
        + "(and with --workspace its files) carried over; reward by attempt and the hint history into ralph/<id>/.",
        "Re-running the same --id resumes it."})
public final class RalphCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Option(names = "--id", description = "the run's folder under ralph/ (default: the current time); the same id resumes")
  String id;

  @Option(names = "--policy", description = "djl:<checkpoint dir>, openai:<base url> (with --model), or expert")
  String policy;

  @Option(names = "--model", description = "model name the openai: endpoint serves")
  String model;

  @Option(names = "--env", description = "one task: the Ralph pack of this built-in environment at --seed")
  String environment;

  @Option(names = "--tasks", description = "a task file (JSONL): {\"id\", \"environment\", \"seed\", \"difficulty\"} or Guru rows")
  Path tasks;

  @Option(names = "--seed", description = "task seed with --env, and the base of sampling seeds (perennial.runtime.ralph.seed)")
  Long seed;

  @Option(names = "--max-iterations", description = "attempts per task at most (perennial.runtime.ralph.max-iterations)")
  Integer maxIterations;

  @Option(names = "--until-pass", description = "stop a task's loop at the first attempt the verifier passes")
  Boolean untilPass;

  @Option(names = "--attempt-timeout", description = "stop a loop whose attempt runs longer than this, e.g. 5m (perennial.runtime.ralph.attempt-timeout)")
  String attemptTimeout;

  @Option(names = "--stagnation", description = "stop a loop whose hints and files stayed the same this many attempts; 0 = never")
  Integer stagnation;

  @Option(names = "--workspace", description = "give each task a working directory whose files carry over between attempts")
  Boolean workspace;

  @Option(names = "--workspaces-dir", description = "where the workspaces go (default ralph/<id>/workspaces)")
  Path workspacesDir;

  @Option(names = "--concurrency", description = "tasks looping at once (perennial.runtime.ralph.concurrency)")
  Integer concurrency;

  @Option(names = "--difficulty", description = "environment difficulty of tasks that name none")
  Integer difficulty;

  @Option(names = "--temperature", description = "sampling temperature (perennial.runtime.ralph.temperature)")
  Double temperature;

  @Option(names = "--ralph-dir", description = "where ralph/<id>/ go (perennial.runtime.ralph.ralph-dir)")
  Path ralphDir;

  @Option(names = "--set", description = "any config key, e.g. --set perennial.agents.max-turns=4")
  Map<String, String> set = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    PolicySpec spec = PolicySpec.parse(policy, model);
    String runId = RunOverrides.idOrNow(id, "ralph");
    var request = new RalphJob.Request(runId, spec, Optional.ofNullable(environment), Optional.ofNullable(tasks));
    Config config = new RunOverrides("perennial.runtime.ralph", set).put("seed", seed).put("max-iterations", maxIterations)
        .put("until-pass", untilPass).put("attempt-timeout", attemptTimeout).put("stagnation", stagnation)
        .put("workspace", workspace).put("workspaces-dir", workspacesDir).put("concurrency", concurrency)
        .put("difficulty", difficulty).put("temperature", temperature).put("ralph-dir", ralphDir)
        .load(profile, "ralph-dir", runId);
    new RalphJob(config, System.err).run(request);
    return 0;
  }
}
