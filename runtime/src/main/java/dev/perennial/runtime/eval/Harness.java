package dev.perennial.runtime.eval;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.policy.openai.OpenAiPolicy;
import dev.perennial.agents.tools.Workspaces;
import dev.perennial.environments.Environment;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.runtime.node.PerennialNode;
import dev.perennial.runtime.wiring.NodeComponents;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every eval and Ralph run stands on, opened in the order that makes mistakes cheap: the
 * policy endpoint is checked first (before anything starts), then the node's plain parts
 * (sandbox, verifiers, environments, tools), and only once the run's work is known and its folder
 * claimed, the node itself (on the run's journal) with the policy opened on it. Closing stops the
 * node, then the sandbox.
 */
public final class Harness implements AutoCloseable {
  private final Config config;
  private final PolicySpec spec;
  private final OpenAiPolicy checkedEndpoint;
  private final NodeComponents components;
  private PerennialNode node;

  /** The node's agents and the policy they share. */
  public record Started(PerennialNode node, AgentDeps deps, StableSeedPolicy policy, String policyDescription) {}

  private Harness(Config config, PolicySpec spec, OpenAiPolicy checkedEndpoint, NodeComponents components) {
    this.config = config;
    this.spec = spec;
    this.checkedEndpoint = checkedEndpoint;
    this.components = components;
  }

  public static Harness prepare(Config config, PolicySpec spec) throws IOException {
    OpenAiPolicy endpoint = spec instanceof PolicySpec.OpenAi o ? PolicyBackends.checkedEndpoint(o, config) : null;
    return new Harness(config, spec, endpoint, NodeComponents.create(config));
  }

  public NodeComponents components() { return components; }

  /**
   * Starts the node and the policy.
   *
   * @param agentPrefix   what every agent id of the run starts with (left out of sampling seeds)
   * @param environmentOf the environment an agent works in (for the expert policy)
   */
  public Started start(String nodeName, String agentPrefix, long seed, double temperature, EnvironmentRegistry registry,
      Function<String, Optional<Environment>> environmentOf, Workspaces workspaces) throws IOException {
    node = PerennialNode.start(nodeName, config, Duration.ofSeconds(60));
    PolicyBackends.Opened opened = PolicyBackends.open(spec, node.system(), config, checkedEndpoint, environmentOf);
    StableSeedPolicy policy = new StableSeedPolicy(opened.policy(), agentPrefix, seed);
    AgentSettings settings = AgentSettings.from(config.withValue("perennial.agents.sampling.temperature",
        ConfigValueFactory.fromAnyRef(temperature)));
    AgentDeps deps = new AgentDeps(policy, registry::find, components.tools(), components.formatScorer(), settings)
        .withWorkspaces(workspaces);
    return new Started(node, deps, policy, opened.description());
  }

  @Override
  public void close() {
    try {
      if (node != null) node.close();
    } finally {
      components.close();
    }
  }
}
