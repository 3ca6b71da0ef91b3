package dev.perennial.runtime.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.learner.loop.LearnerState;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.runtime.evaluation.EvalResult;
import dev.perennial.runtime.evaluation.PositionCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: what was run (algorithm, advantage estimator, loss-aggregation mode, every
 * hyperparameter of the train, learner, RL, trainer, model and agent blocks), where (device,
 * cores), how long each phase took, throughput, the held-out results and the goals checked
 * against them.
 */
final class Summary {
  private final Config config;
  private final String device;
  private final Timings timings;

  Summary(Config config, String device, Timings timings) {
    this.config = config;
    this.device = device;
    this.timings = timings;
  }

  void write(Path file, LearnerState state, List<LearnerEvent.StepCommitted> steps, LedgerAudit audit,
      Map<String, EvalResult> evals) throws IOException {
    ObjectMapper json = TrainReport.json();
    ObjectNode n = json.createObjectNode();
    RlSettings rl = RlSettings.from(config);
    n.put("algorithm", rl.describe());
    n.put("advantage_estimator", config.getString("perennial.learner.rl.advantage-estimator")
        + (config.getString("perennial.learner.rl.advantage-estimator").equals("cod") ? "(" + config.getString("perennial.learner.rl.cod-returns") + ")" : "")
        + (rl.redWeight() ? " + RED reweighting" : ""));
    n.put("policy_loss", rl.policyLoss().name());
    n.put("loss_agg_mode", rl.aggregation().configName());
    n.put("device", device);
    n.put("cores", Runtime.getRuntime().availableProcessors());
    n.put("java", System.getProperty("java.version"));
    ObjectNode hp = n.putObject("hyperparameters");
    for (String block : List.of("perennial.train", "perennial.learner.loop", "perennial.learner.rl", "perennial.learner.train",
        "perennial.learner.model", "perennial.agents.sampling")) {
      hp.set(block, json.readTree(config.getConfig(block).root().render(ConfigRenderOptions.concise())));
    }
    ObjectNode agents = hp.putObject("perennial.agents");
    for (String k : List.of("max-turns", "max-tokens-per-turn", "max-tokens-per-episode", "update-max-tokens", "hints-parse-penalty",
        "truncation-reward", "reset-hints-per-pack")) {
      agents.put(k, config.getValue("perennial.agents." + k).unwrapped().toString());
    }
    n.set("wall_seconds", json.valueToTree(timings.all()));
    n.put("wall_seconds_total", timings.total());
    ObjectNode rlNode = n.putObject("rl");
    rlNode.put("steps", state.step());
    rlNode.put("version", state.version());
    rlNode.put("checkpoint", state.checkpoint());
    double trainTokens = steps.stream().mapToDouble(s -> s.metrics().getOrDefault("train_tokens", 0.0)).sum();
    double trainSeconds = steps.stream().mapToDouble(s -> s.metrics().getOrDefault("train_seconds", 0.0)).sum();
    double generated = steps.stream().mapToDouble(s -> s.metrics().getOrDefault("generated_tokens", 0.0)).sum();
    rlNode.put("train_tokens_per_s", trainSeconds > 0 ? trainTokens / trainSeconds : 0);
    rlNode.put("trained_episode_generated_tokens", generated);
    double rlWall = timings.all().getOrDefault("rl", 0.0);
    rlNode.put("generated_tokens_per_wall_s", rlWall > 0 ? generated / rlWall : 0);
    ObjectNode ledger = n.putObject("ledger");
    ledger.put("ok", audit.ok());
    ledger.put("episodes_in_journal", audit.episodesInJournal());
    ledger.put("trained", audit.trained());
    ledger.put("dropped", audit.dropped());
    ledger.put("pending", audit.pending());
    ledger.put("lost", audit.lost().size());
    ledger.set("by_category", json.valueToTree(audit.byCategory()));
    ObjectNode eval = n.putObject("held_out");
    evals.forEach((label, r) -> {
      ObjectNode e = eval.putObject(label);
      e.put("success", r.curve().successRate());
      e.set("success_ci95", json.valueToTree(r.curve().successInterval()));
      e.put("packs", r.packs());
      e.put("pack_size", r.packSize());
      e.put("temperature", r.temperature());
      for (PositionCurve.Point p : r.curve().points()) e.put("success_pos" + p.position(), p.successRate());
      e.put("hints_parsed", r.curve().hintsParsedRate());
      e.put("seconds", r.seconds());
    });
    ObjectNode goals = n.putObject("goals");
    TrainReport.delta(evals, "after-sft", "after-rl").ifPresent(d -> {
      goals.put("rl_minus_sft_success_points", 100 * d);
      goals.put("rl_improves_sft_by_15_points", d >= 0.15);
    });
    EvalResult last = evals.get("after-rl");
    if (last != null && last.curve().points().size() >= 4) {
      double cod = last.curve().successAt(3) - last.curve().successAt(0);
      goals.put("after_rl_pos3_minus_pos0_points", 100 * cod);
      goals.put("cod_effect_30_points", cod >= 0.30);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, json.writeValueAsBytes(n));
  }
}
