package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import dev.perennial.runtime.eval.EvalJob;
import dev.perennial.runtime.eval.PolicySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perennial eval}: the CoD curve of a policy (DJL checkpoint, OpenAI-compatible endpoint,
 * or the scripted experts) on held-out packs of environments or dataset files, with pass@k and
 * the other metrics, into {@code evals/<id>/}. The same {@code --id} resumes an interrupted eval;
 * {@code perennial eval compare A B} compares two.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalCompareCommand.class,
    description = {"Evaluate a policy on held-out packs: success and reward by pack position (the CoD curve), pass@k, "
        + "format errors, tool calls, tokens, with 95% intervals, into evals/<id>/.",
        "Re-running the same --id resumes it without redoing finished episodes."})
public final class EvalCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Option(names = "--id", description = "the eval's folder under evals/ (default: the current time); the same id resumes")
  String id;

  @Option(names = "--policy", description = "djl:<checkpoint dir> (e.g. djl:runs/default/checkpoints/latest), "
      + "openai:<base url> (with --model), or expert")
  String policy;

  @Option(names = "--model", description = "model name the openai: endpoint serves")
  String model;

  @Option(names = {"--env", "--environments"}, split = ",", description = "built-in environments, comma separated")
  List<String> environments = new ArrayList<>();

  @Option(names = "--dataset", description = "Guru/verl rows (.jsonl or .parquet) to evaluate on; repeatable")
  List<Path> datasets = new ArrayList<>();

  @Option(names = "--packs", description = "held-out packs per environment (perennial.runtime.eval.packs)")
  Integer packs;

  @Option(names = "--pack-size", description = "tasks per pack (perennial.runtime.eval.pack-size, default 8)")
  Integer packSize;

  @Option(names = "--samples", description = "agents per pack, for pass@k (perennial.runtime.eval.samples)")
  Integer samples;

  @Option(names = "--concurrency", description = "agents working at once (perennial.runtime.eval.concurrency)")
  Integer concurrency;

  @Option(names = "--seed", description = "base seed of packs and sampling (perennial.runtime.eval.seed)")
  Long seed;

  @Option(names = "--difficulty", description = "environment difficulty (perennial.runtime.eval.difficulty)")
  Integer difficulty;

  @Option(names = "--temperature", description = "sampling temperature (perennial.runtime.eval.temperature)")
  Double temperature;

  @Option(names = "--evals-dir", description = "where evals/<id>/ go (perennial.runtime.eval.evals-dir)")
  Path evalsDir;

  @Option(names = "--set", description = "any config key, e.g. --set perennial.agents.max-turns=4")
  Map<String, String> set = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    PolicySpec spec = PolicySpec.parse(policy, model);
    String evalId = RunOverrides.idOrNow(id, "eval");
    Config config = new RunOverrides("perennial.runtime.eval", set).put("packs", packs).put("pack-size", packSize)
        .put("samples", samples).put("concurrency", concurrency).put("seed", seed).put("difficulty", difficulty)
        .put("temperature", temperature).put("evals-dir", evalsDir).load(profile, "evals-dir", evalId);
    new EvalJob(config, System.err, (f, done, total) -> { }).run(new EvalJob.Request(evalId, environments, datasets, spec));
    return 0;
  }
}
