package dev.perennial.runtime.serve;

import dev.perennial.agents.deploy.VerifierLookup;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.verify.FormatScorer;
import dev.perennial.runtime.wiring.NodeComponents;
import java.util.List;
import java.util.Optional;

/**
 * What a serving node gives its agents besides configuration: the default policy (when one is
 * loaded in process), the in-process DJL policy for profiles that say "djl", the node's tools,
 * environments and verifiers, the format scorer, and the learner probe. The CLI builds it from
 * what the node has; tests build it from scripted parts.
 */
public record ServeComponents(
    Optional<Policy> defaultPolicy,
    Optional<Policy> djl,
    ToolRegistry tools,
    EnvironmentLookup environments,
    VerifierLookup verifiers,
    FormatScorer formatScorer,
    LearnerProbe learner) {

  /**
   * What the node has: its sandboxed tools, its environments, the built-in verifiers ("exact") and
   * the six domains' (routed by data-source prefix, code through the node's sandbox), its format
   * scorer; policies from OpenAI-compatible servers (or the default serve was given); no learner.
   */
  public static ServeComponents of(NodeComponents node) {
    return new ServeComponents(Optional.empty(), Optional.empty(), node.tools(), node.environments()::find,
        VerifierLookup.builtIn().orElse(VerifierLookup.of(node.verifiers())), node.formatScorer(), LearnerProbe.NONE);
  }

  /** Nothing in process: policies come from OpenAI-compatible servers, only the built-in verifiers. */
  public static ServeComponents minimal() {
    return new ServeComponents(Optional.empty(), Optional.empty(), ToolRegistry.of(List.of()), EnvironmentLookup.of(List.of()),
        VerifierLookup.builtIn(), AgentDeps.noFormatScore(), LearnerProbe.NONE);
  }

  public ServeComponents withDefaultPolicy(Policy p) {
    return new ServeComponents(Optional.of(p), djl, tools, environments, verifiers, formatScorer, learner);
  }

  public ServeComponents withTools(ToolRegistry t) {
    return new ServeComponents(defaultPolicy, djl, t, environments, verifiers, formatScorer, learner);
  }

  public ServeComponents withVerifiers(VerifierLookup v) {
    return new ServeComponents(defaultPolicy, djl, tools, environments, v, formatScorer, learner);
  }

  public ServeComponents withLearner(LearnerProbe l) {
    return new ServeComponents(defaultPolicy, djl, tools, environments, verifiers, formatScorer, l);
  }

  public ServeComponents withDjl(Policy p) {
    return new ServeComponents(defaultPolicy, Optional.of(p), tools, environments, verifiers, formatScorer, learner);
  }
}
