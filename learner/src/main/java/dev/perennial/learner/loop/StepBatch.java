package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.ledger.EpisodeRef;
import dev.perennial.learner.rl.AdvantageStats;
import dev.perennial.learner.rl.RewardShaping;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.rl.Rollout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One learner step's training data: the kept groups' episodes with their CoD (or GRPO) advantages
 * over the whole batch (RED reweighting included when on), as sequences, plus what the metrics
 * report about them. Episodes the reward shaping marks untrainable (truncated, with
 * {@code truncated-episodes = drop}) count in their run's returns but get no sequence and are
 * dropped with that reason.
 *
 * @param trained   episodes whose sequences enter this step (those with no generated token included)
 * @param stats     reward, success and advantage statistics of the batch, by name
 */
public record StepBatch(List<EpisodeSequence> sequences, List<EpisodeRef> trained, List<Dropped> dropped,
    Map<String, Double> stats) {

  public static StepBatch of(List<CompleteGroup> groups, RlSettings rl, int maxSequenceTokens) {
    List<EpisodeRecord> episodes = new ArrayList<>();
    groups.forEach(g -> episodes.addAll(g.episodes()));
    if (episodes.isEmpty()) throw new IllegalArgumentException("a step needs at least one episode");
    RewardShaping shaping = rl.rewards();
    List<Rollout> rollouts = episodes.stream().map(e -> EpisodeRollouts.of(e, shaping)).toList();
    RlSettings.Advantages adv = rl.advantages(rollouts);
    List<EpisodeSequence> sequences = new ArrayList<>();
    List<EpisodeRef> trained = new ArrayList<>();
    List<Dropped> dropped = new ArrayList<>();
    for (int i = 0; i < episodes.size(); i++) {
      EpisodeRecord e = episodes.get(i);
      if (!EpisodeRollouts.shaped(e, shaping).trainable()) {
        dropped.add(Dropped.of(e, "truncated: ended by max turns or tokens, and truncated-episodes = drop; counted in its run's returns, not trained"));
        continue;
      }
      EpisodeSequence s = EpisodeSequence.of(e, adv.values()[i], maxSequenceTokens);
      if (s.trainedTokens() > 0) sequences.add(s);
      trained.add(EpisodeRef.of(e));
    }
    return new StepBatch(sequences, trained, dropped, stats(groups, episodes, rollouts, adv));
  }

  private static Map<String, Double> stats(List<CompleteGroup> groups, List<EpisodeRecord> episodes, List<Rollout> rollouts,
      RlSettings.Advantages adv) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("groups", (double) groups.size());
    m.put("episodes", (double) episodes.size());
    double[] solveReward = new double[2];
    double[] updateReward = new double[2];
    double[] hintsParsed = new double[2];
    Map<Integer, double[]> successByPosition = new java.util.TreeMap<>();
    long generated = 0;
    for (int i = 0; i < episodes.size(); i++) {
      EpisodeRecord e = episodes.get(i);
      generated += e.generatedTokens();
      if (e.kind() == EpisodeKind.SOLVE) {
        add(solveReward, rollouts.get(i).reward());
        add(successByPosition.computeIfAbsent(e.position(), p -> new double[2]), e.rewards().success() ? 1 : 0);
      } else {
        add(updateReward, rollouts.get(i).reward());
        add(hintsParsed, e.rewards().penalty() < 0 ? 0 : 1);
      }
    }
    m.put("reward_solve", mean(solveReward));
    double[] allSuccess = new double[2];
    successByPosition.values().forEach(s -> {
      allSuccess[0] += s[0];
      allSuccess[1] += s[1];
    });
    m.put("success", mean(allSuccess));
    successByPosition.forEach((p, s) -> m.put("success_pos" + p, mean(s)));
    if (updateReward[1] > 0) {
      m.put("reward_update", mean(updateReward));
      m.put("hints_parsed", mean(hintsParsed));
    }
    m.put("generated_tokens", (double) generated);
    AdvantageStats.byKind(rollouts, adv.values()).forEach((kind, s) -> {
      String k = "adv_" + kind.name().toLowerCase();
      m.put(k + "_mean", s.mean());
      m.put(k + "_std", s.std());
      m.put(k + "_min", s.min());
      m.put(k + "_max", s.max());
      m.put(k + "_positive", s.positiveFraction());
    });
    adv.red().filter(r -> r.applied()).ifPresent(r -> m.put("red_temperature", r.temperature()));
    return m;
  }

  private static void add(double[] sumCount, double x) {
    sumCount[0] += x;
    sumCount[1] += 1;
  }

  private static double mean(double[] sumCount) { return sumCount[1] == 0 ? Double.NaN : sumCount[0] / sumCount[1]; }
}
