package dev.perennial.runtime.train;

import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.runtime.evaluation.EvalResult;
import dev.perennial.runtime.evaluation.HeldOutEvaluation;
import java.nio.file.Files;
import java.util.Locale;

/**
 * One held-out evaluation of the run (before SFT, after SFT, after RL): a policy server of its own
 * with the weights to evaluate, agents with evaluation sampling, the same eval-split packs every
 * time; the result goes to {@code runs/<id>/eval/<label>.json}, which also marks it done.
 */
public final class EvalPhase {
  private final TrainNode node;
  private final TrainSettings settings;
  private final RunFiles files;
  private final Interruption stop;

  public EvalPhase(TrainNode node, TrainSettings settings, RunFiles files) {
    this(node, settings, files, new Interruption());
  }

  EvalPhase(TrainNode node, TrainSettings settings, RunFiles files, Interruption stop) {
    this.node = node;
    this.settings = settings;
    this.files = files;
    this.stop = stop;
  }

  public EvalResult run(String label, InitialPolicy weights, String description) throws Exception {
    if (Files.exists(files.eval(label))) return EvalResult.read(files.eval(label));
    int attempt = files.nextAttempt("eval-" + label);
    TrainNode.Served served = node.serve("policy-eval-" + label + "-" + attempt, weights);
    try {
      AgentSettings agentSettings = node.agentSettings(settings.evalTemperature());
      var request = new HeldOutEvaluation.Request(label, node.environments(), settings.evalPacks(), settings.evalPackSize(),
          settings.difficulty(), 1, "eval/" + label + "/a" + attempt, settings.phaseTimeout());
      System.err.printf(Locale.ROOT, "evaluating %s on %d held-out packs ...%n", label, settings.evalPacks() * node.environments().size());
      EvalResult r = stop.await(HeldOutEvaluation.run(node.system(), request, node.deps(served.policy(), agentSettings), description,
          settings.evalTemperature())).result();
      r.write(files.eval(label));
      System.err.printf(Locale.ROOT, "%s: success %.3f %s by position %s (%.0f s)%n", label, r.curve().successRate(),
          interval(r.curve().successInterval()), byPosition(r), r.seconds());
      return r;
    } finally {
      node.stop(served.server());
    }
  }

  private static String interval(double[] ci) { return String.format(Locale.ROOT, "[%.2f, %.2f]", ci[0], ci[1]); }

  private static String byPosition(EvalResult r) {
    StringBuilder b = new StringBuilder();
    r.curve().points().forEach(p -> b.append(String.format(Locale.ROOT, " %d:%.2f", p.position(), p.successRate())));
    return b.toString().strip();
  }
}
