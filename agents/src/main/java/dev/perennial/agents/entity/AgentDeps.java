package dev.perennial.agents.entity;

import dev.perennial.agents.deploy.PolicyLookup;
import dev.perennial.agents.deploy.VerifierLookup;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.agents.tools.Workspaces;
import dev.perennial.environments.verify.FormatScorer;
import java.util.Objects;

/**
 * What an agent is given rather than builds: the model, the environments, the tools, the format
 * scorer and its settings; for deployed agents also the policies their profiles may name, the
 * verifiers outside tasks may name, and an observer for metrics; and the workspaces of the agents
 * that have one. One instance is shared by all agents of a node.
 *
 * @param policy     the node's policy: what packs use, and what a profile's "default" means
 * @param policies   policy backends by name ({@code djl}, {@code openai:<url>}) for deployed agents
 * @param verifiers  verifiers by name for outside tasks
 * @param observer   sees every persisted batch (metrics); {@link AgentObserver#NONE} by default
 * @param workspaces where agents that have one keep their files ({@link Workspaces#NONE} by default)
 */
public record AgentDeps(
    Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer, AgentSettings settings,
    PolicyLookup policies, VerifierLookup verifiers, AgentObserver observer, Workspaces workspaces) {

  public AgentDeps {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(tools, "tools");
    Objects.requireNonNull(formatScorer, "formatScorer");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(verifiers, "verifiers");
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(workspaces, "workspaces");
  }

  /** Agents that only work packs: the node's policy, the built-in verifiers, no observer, no workspaces. */
  public AgentDeps(Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer,
      AgentSettings settings) {
    this(policy, environments, tools, formatScorer, settings, PolicyLookup.only(policy), VerifierLookup.builtIn(),
        AgentObserver.NONE, Workspaces.NONE);
  }

  /** Deployed agents without workspaces. */
  public AgentDeps(Policy policy, EnvironmentLookup environments, ToolRegistry tools, FormatScorer formatScorer,
      AgentSettings settings, PolicyLookup policies, VerifierLookup verifiers, AgentObserver observer) {
    this(policy, environments, tools, formatScorer, settings, policies, verifiers, observer, Workspaces.NONE);
  }

  public AgentDeps withPolicies(PolicyLookup p) {
    return new AgentDeps(policy, environments, tools, formatScorer, settings, p, verifiers, observer, workspaces);
  }

  public AgentDeps withVerifiers(VerifierLookup v) {
    return new AgentDeps(policy, environments, tools, formatScorer, settings, policies, v, observer, workspaces);
  }

  public AgentDeps withObserver(AgentObserver o) {
    return new AgentDeps(policy, environments, tools, formatScorer, settings, policies, verifiers, o, workspaces);
  }

  /** The same, where the agents {@code w} names keep their files in their workspaces. */
  public AgentDeps withWorkspaces(Workspaces w) {
    return new AgentDeps(policy, environments, tools, formatScorer, settings, policies, verifiers, observer, w);
  }

  /** A scorer that gives every episode format 0, for deployments that do not use the format reward. */
  public static FormatScorer noFormatScore() {
    return (text, malformed) -> new FormatScorer.FormatScore(0, "format not scored");
  }
}
