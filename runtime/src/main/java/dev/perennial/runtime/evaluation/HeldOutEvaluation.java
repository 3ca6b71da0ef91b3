package dev.perennial.runtime.evaluation;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The held-out evaluation core: N packs of the evaluation split per environment, each walked by a
 * real agent (solve, update, solve, …) with the given policy and agent settings (greedy or
 * low-temperature sampling, typically), then the agents' episode records, read back from the
 * journal, summarised as the CoD curve (success and reward by pack position with 95% intervals).
 * The same request always evaluates the same packs, so curves of different checkpoints compare
 * pack for pack. Groups are named {@code <groupPrefix>/<environment>/p<i>} (the learner never
 * trains on groups whose prefix it excludes, "eval/" by default).
 */
public final class HeldOutEvaluation {
  private HeldOutEvaluation() {}

  /**
   * @param label       names the result ("after-sft")
   * @param groupPrefix prefix of group and agent ids; must be new for every run of an evaluation
   * @param firstSeed   eval-split seeds firstSeed, firstSeed + 1, … per environment
   */
  public record Request(String label, List<Environment> environments, int packsPerEnvironment, int packSize, int difficulty,
      long firstSeed, String groupPrefix, Duration timeout) {
    public Request {
      environments = List.copyOf(environments);
      if (environments.isEmpty()) throw new IllegalArgumentException("an evaluation needs at least one environment");
      if (packsPerEnvironment < 1) throw new IllegalArgumentException("eval packs must be >= 1, got " + packsPerEnvironment);
      if (packSize < 1) throw new IllegalArgumentException("eval pack size must be >= 1, got " + packSize);
    }
  }

  /** The result and the episodes it was computed from. */
  public record Outcome(EvalResult result, List<EpisodeRecord> episodes) {}

  /** The packs a request evaluates (deterministic). */
  public static List<PackRunner.Assignment> assignments(Request r) {
    List<PackRunner.Assignment> out = new ArrayList<>();
    for (Environment env : r.environments()) {
      for (int i = 0; i < r.packsPerEnvironment(); i++) {
        Pack pack = env.pack(new PackSpec(r.firstSeed() + i, r.packSize(), Split.EVAL, r.difficulty(), false));
        String group = r.groupPrefix() + "/" + env.name() + "/p" + i;
        out.add(new PackRunner.Assignment(group.replaceAll("[^A-Za-z0-9_-]", "-"), pack, group));
      }
    }
    return out;
  }

  /**
   * Runs the evaluation. Pack generation happens on the calling thread; the rest is asynchronous.
   *
   * @param policyDescription what to record as the evaluated policy
   * @param temperature       the sampling temperature in {@code deps} (recorded in the result)
   */
  public static CompletionStage<Outcome> run(ActorSystem<?> system, Request r, AgentDeps deps, String policyDescription,
      double temperature) {
    long start = System.nanoTime();
    List<PackRunner.Assignment> assignments = assignments(r);
    ActorRef<PackRunner.Command> runner = system.systemActorOf(PackRunner.create(assignments, deps, r.timeout()),
        "eval-" + r.groupPrefix().replaceAll("[^A-Za-z0-9_-]", "-"), Props.empty());
    List<String> agents = assignments.stream().map(PackRunner.Assignment::agentId).toList();
    String envs = r.environments().stream().map(Environment::name).collect(Collectors.joining(","));
    return AskPattern.<PackRunner.Command, PackRunner.Finished>askWithStatus(runner, PackRunner.Run::new,
            r.timeout().plusSeconds(30), system.scheduler())
        .thenCompose(finished -> AgentEpisodes.records(system, agents).thenApply(records -> {
          EvalResult result = new EvalResult(r.label(), policyDescription, envs, assignments.size(), r.packSize(), r.difficulty(),
              temperature, PositionCurve.of(records), (System.nanoTime() - start) / 1e9, finished.unfinished().size());
          return new Outcome(result, records);
        }));
  }
}
