package dev.perennial.runtime.wiring;

import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.BuiltinTools;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import dev.perennial.environments.verify.FormatScorer;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.format.PlanActReflectScorer;

/**
 * The plain-Java parts one node shares between all its agents and commands: one sandbox (so the
 * node-wide limit on concurrent sandboxes holds for tools and code verifiers alike), the verifiers
 * (code verifiers run through that same sandbox), the built-in environments, the tools and the
 * format scorer. Closing it stops the sandbox's interpreters.
 */
public final class NodeComponents implements AutoCloseable {
  private final PythonSandbox sandbox;
  private final VerifierRegistry verifiers;
  private final EnvironmentRegistry environments;
  private final ToolRegistry tools;
  private final FormatScorer formatScorer;

  private NodeComponents(PythonSandbox sandbox, VerifierRegistry verifiers, EnvironmentRegistry environments,
      ToolRegistry tools, FormatScorer formatScorer) {
    this.sandbox = sandbox;
    this.verifiers = verifiers;
    this.environments = environments;
    this.tools = tools;
    this.formatScorer = formatScorer;
  }

  public static NodeComponents create(Config config) {
    PythonSandbox sandbox = PythonSandbox.create(SandboxSettings.from(config));
    VerifierRegistry verifiers = VerifierRegistry.standard(sandbox, VerifierSettings.from(config));
    return new NodeComponents(sandbox, verifiers, EnvironmentRegistry.builtIn(verifiers),
        BuiltinTools.registry(config, sandbox), new PlanActReflectScorer());
  }

  /** What every agent of this node is given, talking to {@code policy}. */
  public AgentDeps agentDeps(Policy policy, Config config) {
    return new AgentDeps(policy, environments::find, tools, formatScorer, AgentSettings.from(config));
  }

  public PythonSandbox sandbox() { return sandbox; }

  public VerifierRegistry verifiers() { return verifiers; }

  public EnvironmentRegistry environments() { return environments; }

  public ToolRegistry tools() { return tools; }

  public FormatScorer formatScorer() { return formatScorer; }

  @Override
  public void close() { sandbox.close(); }
}
