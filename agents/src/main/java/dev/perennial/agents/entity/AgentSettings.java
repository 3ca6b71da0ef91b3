package dev.perennial.agents.entity;

import com.typesafe.config.Config;
import dev.perennial.agents.execution.SupervisionSettings;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.prompt.PromptSettings;
import dev.perennial.agents.protocol.ProtocolTags;
import java.time.Duration;
import java.util.List;

/**
 * The {@code perennial.agents} block, read once and passed to every agent. Every key is
 * documented in this module's reference.conf; a bad value fails here with the key in the message.
 */
public record AgentSettings(
    int maxTurns,
    int maxTokensPerTurn,
    int maxTokensPerEpisode,
    int updateMaxTokens,
    Duration toolTimeout,
    Duration verifierTimeout,
    Duration policyTimeout,
    int policyRetries,
    Duration policyRetryBackoff,
    int snapshotEvery,
    int keepSnapshots,
    Duration passivateAfterIdle,
    boolean rememberEntities,
    boolean resetHintsPerPack,
    double truncationReward,
    double hintsParsePenalty,
    String envTool,
    Sampling sampling,
    SupervisionSettings supervision,
    ProtocolTags protocol,
    PromptSettings prompt,
    Deploy deploy) {

  /**
   * Limits and defaults of deployed agents (outside tasks, {@code perennial.agents.deploy}).
   *
   * @param maxPendingTasks     tasks accepted but not yet answered, per agent; more are refused
   * @param maxAwaitingFeedback answered tasks kept waiting for feedback; the oldest expires beyond it
   * @param keepFinishedTasks   finished tasks kept in the agent's state for look-up by id
   * @param defaultVerifier     verifier for tasks with a ground truth that name none
   * @param successThreshold    a feedback reward at or above this counts as a success unless the feedback says
   */
  public record Deploy(int maxPendingTasks, int maxAwaitingFeedback, int keepFinishedTasks, String defaultVerifier,
      double successThreshold) {
    public Deploy {
      atLeast("deploy.max-pending-tasks", maxPendingTasks, 1);
      atLeast("deploy.max-awaiting-feedback", maxAwaitingFeedback, 1);
      atLeast("deploy.keep-finished-tasks", keepFinishedTasks, 0);
      if (defaultVerifier.isBlank()) throw new IllegalArgumentException("perennial.agents.deploy.default-verifier must not be empty");
    }

    static Deploy from(Config c) {
      return new Deploy(c.getInt("max-pending-tasks"), c.getInt("max-awaiting-feedback"), c.getInt("keep-finished-tasks"),
          c.getString("default-verifier"), c.getDouble("success-threshold"));
    }
  }

  /** Sampling parameters shared by every turn; the token limit and stop strings vary per turn. */
  public record Sampling(double temperature, double topP, int topK) {
    public Sampling {
      if (temperature < 0) throw new IllegalArgumentException("perennial.agents.sampling.temperature must be >= 0");
      if (topP <= 0) throw new IllegalArgumentException("perennial.agents.sampling.top-p must be > 0");
    }
  }

  public AgentSettings {
    atLeast("max-turns", maxTurns, 1);
    atLeast("max-tokens-per-turn", maxTokensPerTurn, 1);
    atLeast("max-tokens-per-episode", maxTokensPerEpisode, 1);
    atLeast("update-max-tokens", updateMaxTokens, 1);
    atLeast("policy-retries", policyRetries, 0);
    atLeast("snapshot-every", snapshotEvery, 1);
    atLeast("keep-snapshots", keepSnapshots, 1);
    positive("tool-timeout", toolTimeout);
    positive("verifier-timeout", verifierTimeout);
    positive("policy-timeout", policyTimeout);
    positive("policy-retry-backoff", policyRetryBackoff);
    positive("passivate-after-idle", passivateAfterIdle);
    if (envTool.isBlank()) throw new IllegalArgumentException("perennial.agents.env-tool must not be empty");
  }

  public static AgentSettings from(Config config) {
    Config c = config.getConfig("perennial.agents");
    Config s = c.getConfig("sampling");
    return new AgentSettings(
        c.getInt("max-turns"),
        c.getInt("max-tokens-per-turn"),
        c.getInt("max-tokens-per-episode"),
        c.getInt("update-max-tokens"),
        c.getDuration("tool-timeout"),
        c.getDuration("verifier-timeout"),
        c.getDuration("policy-timeout"),
        c.getInt("policy-retries"),
        c.getDuration("policy-retry-backoff"),
        c.getInt("snapshot-every"),
        c.getInt("keep-snapshots"),
        c.getDuration("passivate-after-idle"),
        c.getBoolean("remember-entities"),
        c.getBoolean("reset-hints-per-pack"),
        c.getDouble("truncation-reward"),
        c.getDouble("hints-parse-penalty"),
        c.getString("env-tool"),
        new Sampling(s.getDouble("temperature"), s.getDouble("top-p"), s.getInt("top-k")),
        SupervisionSettings.from(c.getConfig("supervision")),
        ProtocolTags.from(c.getConfig("protocol")),
        PromptSettings.from(c.getConfig("prompt")),
        Deploy.from(c.getConfig("deploy")));
  }

  public SamplingParams samplingParams(int maxTokens, List<String> stop) {
    return new SamplingParams(sampling.temperature(), sampling.topP(), sampling.topK(), maxTokens, stop);
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) throw new IllegalArgumentException("perennial.agents." + key + " must be >= " + min + ", got " + value);
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("perennial.agents." + key + " must be > 0, got " + d);
  }
}
