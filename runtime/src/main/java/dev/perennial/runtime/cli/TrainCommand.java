package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.train.RunFiles;
import dev.perennial.runtime.train.TrainJob;
import dev.perennial.runtime.train.TrainSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perennial train}: SFT cold start, then online RL with agents, tools, verifiers, the
 * learner and the policy server in this JVM, on the embedded H2 journal of the run
 * ({@code runs/<id>/data}). Re-running with the same {@code --run-id} resumes; Ctrl-C stops.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a policy end to end: SFT cold start, online RL with CoD agents, held-out evaluations, report in runs/<id>/.")
public final class TrainCommand implements Callable<Integer> {
  @Option(names = {"-p", "--profile"}, defaultValue = "${env:PERENNIAL_PROFILE:-local,train}",
      description = "config profiles to stack, comma separated (later ones win); default: ${DEFAULT-VALUE}")
  String profiles;

  @Option(names = "--run-id", defaultValue = "default", description = "run directory under runs/; the same id resumes (default: ${DEFAULT-VALUE})")
  String runId;

  @Option(names = "--rl-steps", description = "learner steps of the RL phase (perennial.train.rl.steps)")
  Integer rlSteps;

  @Option(names = "--sft-steps", description = "SFT optimizer steps (perennial.train.sft.steps)")
  Integer sftSteps;

  @Option(names = "--sft-packs", description = "expert pack runs for the SFT traces (perennial.train.sft.packs)")
  Integer sftPacks;

  @Option(names = "--eval-packs", description = "held-out packs per environment (perennial.train.eval.packs)")
  Integer evalPacks;

  @Option(names = "--environments", split = ",", description = "environments to train on (perennial.train.environments)")
  List<String> environments;

  @Option(names = "--set", description = "any config key, e.g. --set perennial.learner.rl.loss-agg-mode=seq-mean-token-sum-norm")
  Map<String, String> set = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>(set);
    if (rlSteps != null) overrides.put("perennial.train.rl.steps", rlSteps);
    if (sftSteps != null) overrides.put("perennial.train.sft.steps", sftSteps);
    if (sftPacks != null) overrides.put("perennial.train.sft.packs", sftPacks);
    if (evalPacks != null) overrides.put("perennial.train.eval.packs", evalPacks);
    if (environments != null) overrides.put("perennial.train.environments", environments);
    Config first = Profiles.load(profiles, ConfigFactory.parseMap(overrides));
    RunFiles files = RunFiles.of(Path.of(first.getString("perennial.train.runs-dir")), runId);
    // the run's own journal: a second run id never sees this run's agents or learner
    overrides.putIfAbsent("perennial.persistence.data-dir", files.data().toString());
    Config config = Profiles.load(profiles, ConfigFactory.parseMap(overrides));
    return new TrainJob(TrainSettings.from(config), config, files, System.out).run();
  }
}
