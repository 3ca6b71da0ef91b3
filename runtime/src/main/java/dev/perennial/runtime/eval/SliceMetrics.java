package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.runtime.evaluation.PositionCurve;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Everything an evaluation reports about a set of episodes (one environment, or all): the CoD
 * curve (success and mean reward by pack position, from {@link PositionCurve}), overall success,
 * pass@k over the samples of each task, format errors, hint parse failures, truncations, tool
 * calls and their failures, tokens and turns per episode, each with its 95% interval. A "task" for
 * pass@k is a (pack, position): its samples are the agents that walked the same pack.
 * Wall-clock numbers live apart ({@link #timing}) because they differ between identical runs.
 */
public record SliceMetrics(
    long packs,
    long samplesPerPack,
    long solves,
    long updates,
    PositionCurve curve,
    Map<Integer, Double> rewardSdByPosition,
    Estimate success,
    Estimate reward,
    Map<Integer, Estimate> passAtK,
    Estimate formatErrors,
    Estimate hintsParseFailures,
    Estimate truncated,
    Estimate toolCallsPerSolve,
    Estimate toolFailures,
    Estimate tokensPerSolve,
    Estimate tokensPerUpdate,
    Estimate turnsPerSolve,
    Timing timing) {

  /** Seconds per episode (journal timestamps), for reports; never compared between runs. */
  public record Timing(Estimate secondsPerSolve, Estimate secondsPerUpdate) {}

  public static SliceMetrics of(List<EpisodeRecord> episodes) {
    List<EpisodeRecord> solves = episodes.stream().filter(e -> e.kind() == EpisodeKind.SOLVE).toList();
    List<EpisodeRecord> updates = episodes.stream().filter(e -> e.kind() == EpisodeKind.UPDATE).toList();
    Map<String, Long> agentsPerGroup = new TreeMap<>();
    episodes.stream().map(EpisodeRecord::groupId).distinct().forEach(g -> agentsPerGroup.put(g,
        episodes.stream().filter(e -> e.groupId().equals(g)).map(EpisodeRecord::agentId).distinct().count()));
    long samples = agentsPerGroup.values().stream().mapToLong(Long::longValue).min().orElse(0);

    long toolCalls = solves.stream().mapToLong(EpisodeRecord::toolCalls).sum();
    long toolFailures = solves.stream().mapToLong(EpisodeRecord::toolFailures).sum();
    return new SliceMetrics(
        agentsPerGroup.size(),
        samples,
        solves.size(),
        updates.size(),
        PositionCurve.of(episodes),
        rewardSd(solves),
        Estimate.rate(solves.stream().filter(e -> e.rewards().success()).count(), solves.size()),
        mean(solves, e -> e.rewards().outcome()),
        passAtK(solves),
        Estimate.rate(solves.stream().filter(e -> e.rewards().format() < 0).count(), solves.size()),
        Estimate.rate(updates.stream().filter(e -> e.rewards().penalty() < 0).count(), updates.size()),
        Estimate.rate(solves.stream().filter(EpisodeRecord::truncated).count(), solves.size()),
        mean(solves, EpisodeRecord::toolCalls),
        Estimate.rate(toolFailures, toolCalls),
        mean(solves, EpisodeRecord::generatedTokens),
        mean(updates, EpisodeRecord::generatedTokens),
        mean(solves, e -> e.turns().size()),
        new Timing(mean(solves, SliceMetrics::seconds), mean(updates, SliceMetrics::seconds)));
  }

  /** pass@k for k = 1, 2, 4, … up to the smallest number of samples any task has. */
  static Map<Integer, Estimate> passAtK(List<EpisodeRecord> solves) {
    Map<String, int[]> tasks = new TreeMap<>(); // (pack, position) -> {n, passed}
    for (EpisodeRecord e : solves) {
      int[] t = tasks.computeIfAbsent(e.groupId() + "@" + e.position(), k -> new int[2]);
      t[0]++;
      if (e.rewards().success()) t[1]++;
    }
    int n = tasks.values().stream().mapToInt(t -> t[0]).min().orElse(0);
    Map<Integer, Estimate> out = new LinkedHashMap<>();
    for (int k : PassAtK.ks(n)) {
      double[] perTask = tasks.values().stream().mapToDouble(t -> PassAtK.estimate(t[0], t[1], k)).toArray();
      out.put(k, Estimate.mean(perTask));
    }
    return out;
  }

  private static Map<Integer, Double> rewardSd(List<EpisodeRecord> solves) {
    Map<Integer, List<EpisodeRecord>> byPosition = new TreeMap<>();
    for (EpisodeRecord e : solves) byPosition.computeIfAbsent(e.position(), p -> new ArrayList<>()).add(e);
    Map<Integer, Double> out = new TreeMap<>();
    byPosition.forEach((p, at) -> out.put(p, mean(at, e -> e.rewards().outcome()).sd()));
    return out;
  }

  private static Estimate mean(List<EpisodeRecord> episodes, ToDoubleFunction<EpisodeRecord> f) {
    return Estimate.mean(episodes.stream().mapToDouble(f).toArray());
  }

  private static double seconds(EpisodeRecord e) {
    return Math.max(0, e.finishedAtMillis() - e.startedAtMillis()) / 1000.0;
  }

  /**
   * Writes the deterministic part (everything but wall time) into {@code o}; {@code positionName}
   * names the curve's x ("position" for CoD packs, "attempt" for Ralph loops).
   */
  public ObjectNode writeTo(ObjectNode o, String positionName) {
    o.put("packs", packs);
    o.put("samples_per_pack", samplesPerPack);
    o.put("solves", solves);
    o.put("updates", updates);
    var points = o.putArray("by_" + positionName);
    for (PositionCurve.Point p : curve.points()) {
      ObjectNode n = points.addObject();
      n.put(positionName, p.position());
      n.put("n", p.n());
      n.put("successes", p.successes());
      Estimate.number(n, "success_rate", p.successRate());
      n.putArray("success_ci95").add(p.successInterval()[0]).add(p.successInterval()[1]);
      Estimate.number(n, "mean_reward", p.meanReward());
      var rci = n.putArray("reward_ci95");
      rci.add(p.rewardInterval()[0]).add(p.rewardInterval()[1]);
      Estimate.number(n, "reward_sd", rewardSdByPosition.getOrDefault(p.position(), Double.NaN));
    }
    success.writeTo(o.putObject("success"));
    reward.writeTo(o.putObject("mean_reward"));
    ObjectNode pass = o.putObject("pass_at_k");
    passAtK.forEach((k, v) -> v.writeTo(pass.putObject(Integer.toString(k))));
    formatErrors.writeTo(o.putObject("format_error_rate"));
    hintsParseFailures.writeTo(o.putObject("hints_parse_failure_rate"));
    truncated.writeTo(o.putObject("truncation_rate"));
    toolCallsPerSolve.writeTo(o.putObject("tool_calls_per_solve"));
    toolFailures.writeTo(o.putObject("tool_failure_rate"));
    tokensPerSolve.writeTo(o.putObject("tokens_per_solve"));
    tokensPerUpdate.writeTo(o.putObject("tokens_per_update"));
    turnsPerSolve.writeTo(o.putObject("turns_per_solve"));
    return o;
  }

  public ObjectNode writeTimingTo(ObjectNode o) {
    timing.secondsPerSolve().writeTo(o.putObject("seconds_per_solve"));
    timing.secondsPerUpdate().writeTo(o.putObject("seconds_per_update"));
    return o;
  }
}
