package dev.perennial.agents.entity;

import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.verify.FormatScorer;
import java.util.Objects;

/**
 * What an agent is given rather than builds: the model, the environments, the tools, the format
 * scorer and its settings. One instance is shared by all agents of a node.
 */
public record AgentDeps(
    Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer, AgentSettings settings) {

  public AgentDeps {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(formatScorer, "formatScorer");
    Objects.requireNonNull(settings, "settings");
  }

  /** A scorer that gives every episode format 0, for deployments that do not use the format reward. */
  public static FormatScorer noFormatScore() {
    return (text, malformed) -> new FormatScorer.FormatScore(0, "format not scored");
  }
}
