package dev.perennial.runtime.multijvm;

import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.runtime.cluster.NodeRoles;
import dev.perennial.runtime.cluster.PolicyBeacon;
import dev.perennial.runtime.node.NodeWorkload;
import dev.perennial.runtime.node.PerennialNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The multi-JVM tests' node workload (test scope): agents with a scripted CoD policy in the
 * add-rule environment, the rollout driver, the stand-in learner singleton, and on inference nodes
 * the policy-load check. Settings under {@code perennial.test}: {@code turn-delay} (how long a
 * policy call takes), {@code shared-dir} (checkpoints), {@code episodes-per-step}.
 */
public final class ScriptedWorkload implements NodeWorkload {
  @Override
  public void start(PerennialNode node) {
    Config c = node.system().settings().config();
    Duration delay = c.getDuration("perennial.test.turn-delay");
    var policy = new MarkingPolicy(ScriptedPolicy.of(new CodScript()).withDelay(delay));
    AgentDeps deps = TestSystems.deps(c, policy, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo()));
    node.withAgents(deps).withRolloutDriver(deps.environments());
    StandInLearner.init(node.system(), Path.of(c.getString("perennial.test.shared-dir")), c.getInt("perennial.test.episodes-per-step"));
    PolicyBeacon.init(node.system(), StandInPolicy.class, StandInPolicy.TOPIC, StandInPolicy::version, NodeRoles.LEARNER,
        Duration.ofSeconds(5));
    if (node.hasRole(NodeRoles.INFERENCE)) PolicyLoadMarker.start(node.system());
  }
}
