package dev.perennial.learner.rl;

/**
 * How per-token losses become one scalar ({@code loss-agg-mode}, RL-SPEC §4). B counts the
 * sequences with at least one masked-in token; C is a constant (the maximum generation length).
 */
public enum AggregationMode {
  /** Σ mℓ / Σ m — DAPO, RITE; the default. Long responses weigh more. */
  TOKEN_MEAN("token-mean"),
  /** mean_i [Σ_t mℓ / Σ_t m] — the original GRPO; biased towards short responses. */
  SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
  /** mean_i Σ_t mℓ. */
  SEQ_MEAN_TOKEN_SUM("seq-mean-token-sum"),
  /** mean_i Σ_t mℓ / C — Dr. GRPO (Liu et al.): no length bias. */
  SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm"),
  /** Σ mℓ. */
  TOKEN_SUM("token-sum");

  private final String configName;

  AggregationMode(String configName) { this.configName = configName; }

  public String configName() { return configName; }

  public static AggregationMode named(String name) {
    for (AggregationMode m : values()) if (m.configName.equals(name)) return m;
    throw new IllegalArgumentException("unknown loss-agg-mode '" + name + "' (expected token-mean, seq-mean-token-mean, "
        + "seq-mean-token-sum, seq-mean-token-sum-norm or token-sum)");
  }
}
