package dev.perennial.learner.rl;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * The RL choices of a run, read once from {@code perennial.learner.rl} (every key is commented in
 * the learner's reference.conf). A bad name or value fails here, at start, with the key in the message.
 */
public record RlSettings(
    AdvantageEstimator advantageEstimator,
    boolean redWeight,
    PolicyObjective policyLoss,
    KlPenalty kl,
    AggregationMode aggregation,
    int maxGenerationLength,
    boolean dynamicSampling,
    int groupsPerBatch,
    int maxGenerationBatches,
    RewardShaping rewards) {

  public static RlSettings from(Config root) {
    Config c = root.getConfig("perennial.learner.rl");
    try {
      ReturnMode returns = ReturnMode.named(c.getString("cod-returns"), c.getDouble("discount"), c.getInt("sliding-window"));
      var ppo = new PolicyObjective.PpoClip(c.getDouble("clip-low"), c.getDouble("clip-high"), c.getDouble("dual-clip"));
      var rec = new PolicyObjective.RecOneSided(c.getDouble("rec-epsilon"));
      Config overlong = c.getConfig("overlong");
      Config reward = c.getConfig("reward");
      var shaping = new RewardShaping(reward.getBoolean("with-format"), reward.getDouble("truncation-reward"),
          RewardShaping.Truncated.named(reward.getString("truncated-episodes")),
          overlong.getBoolean("enabled")
              ? Optional.of(new OverlongShaping(overlong.getInt("max-length"), overlong.getInt("buffer")))
              : Optional.empty());
      Config ds = c.getConfig("dynamic-sampling");
      var settings = new RlSettings(
          AdvantageEstimator.named(c.getString("advantage-estimator"), returns),
          c.getBoolean("red-weight"),
          PolicyObjective.named(c.getString("policy-loss"), ppo, rec),
          new KlPenalty(KlEstimator.named(c.getString("kl-estimator")), c.getDouble("kl-coefficient")),
          AggregationMode.named(c.getString("loss-agg-mode")),
          c.getInt("max-generation-length"),
          ds.getBoolean("enabled"),
          ds.getInt("groups-per-batch"),
          ds.getInt("max-generation-batches"),
          shaping);
      settings.validate();
      return settings;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("perennial.learner.rl: " + e.getMessage(), e);
    }
  }

  private void validate() {
    if (maxGenerationLength < 1) throw new IllegalArgumentException("max-generation-length must be >= 1");
    if (groupsPerBatch < 1) throw new IllegalArgumentException("dynamic-sampling.groups-per-batch must be >= 1");
    if (maxGenerationBatches < 1) throw new IllegalArgumentException("dynamic-sampling.max-generation-batches must be >= 1");
  }

  /** The batch's advantages: the configured estimator, then RED reweighting when on. */
  public Advantages advantages(List<Rollout> rollouts) {
    double[] a = advantageEstimator.estimate(rollouts);
    if (!redWeight) return new Advantages(a, Optional.empty());
    var red = RedWeighting.reweight(a, rollouts.stream().mapToInt(Rollout::tokens).toArray());
    return new Advantages(red.advantages(), Optional.of(red));
  }

  /**
   * @param values one advantage per rollout, in order
   * @param red    the reweighting's temperature and sums, when RED is on
   */
  public record Advantages(double[] values, Optional<RedWeighting.Result> red) {}

  /** An empty batch to fill by dynamic sampling with these settings. */
  public <G> DynamicBatch<G> newBatch() {
    return DynamicBatch.empty(groupsPerBatch, maxGenerationBatches, dynamicSampling);
  }

  /** One line for a run's report: which estimator, loss and aggregation were used. */
  public String describe() {
    String returns = advantageEstimator instanceof CodAdvantage cod ? "(" + cod.returns().name() + ")" : "";
    return "advantage=" + advantageEstimator.name() + returns + (redWeight ? "+red" : "") + " loss=" + policyLoss.name()
        + (kl.enabled() ? " kl=" + kl.estimator().configName() + "*" + kl.coefficient() : "")
        + " agg=" + aggregation.configName();
  }
}
