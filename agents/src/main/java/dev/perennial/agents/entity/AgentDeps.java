package dev.perennial.agents.entity;

import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.agents.tools.Workspaces;
import dev.perennial.environments.verify.FormatScorer;
import java.util.Objects;

/**
 * What an agent is given rather than builds: the model, the environments, the tools, the format
 * scorer, its settings, and the workspaces of the agents that have one. One instance is shared by
 * all agents of a node.
 */
public record AgentDeps(
    Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer, AgentSettings settings,
    Workspaces workspaces) {

  public AgentDeps {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(formatScorer, "formatScorer");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(workspaces, "workspaces");
  }

  /** Agents without workspaces (the usual case). */
  public AgentDeps(Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer,
      AgentSettings settings) {
    this(policy, environments, tools, formatScorer, settings, Workspaces.NONE);
  }

  /** The same, where the agents {@code w} names keep their files in their workspaces. */
  public AgentDeps withWorkspaces(Workspaces w) {
    return new AgentDeps(policy, environments, tools, formatScorer, settings, w);
  }

  /** A scorer that gives every episode format 0, for deployments that do not use the format reward. */
  public static FormatScorer noFormatScore() {
    return (text, malformed) -> new FormatScorer.FormatScore(0, "format not scored");
  }
}
