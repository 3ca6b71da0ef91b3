package dev.perennial.runtime.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.learner.loop.DjlPolicyTrainer;
import dev.perennial.learner.loop.Learner;
import dev.perennial.learner.loop.LearnerSettings;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.train.TrainerSettings;
import dev.perennial.runtime.eval.CheckpointDir;
import dev.perennial.runtime.eval.DjlServing;
import dev.perennial.runtime.node.NodeWorkload;
import dev.perennial.runtime.node.PerennialNode;
import dev.perennial.runtime.train.JournalEpisodes;
import dev.perennial.runtime.train.PolicySync;
import dev.perennial.runtime.wiring.NodeComponents;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online RL on a cluster ({@code perennial node --workload dev.perennial.runtime.cluster.TrainingWorkload}):
 * the real {@link Learner} singleton with the DJL trainer (on the oldest node with role
 * {@code learner}; every node gets a proxy), the {@link RolloutDriver} singleton (role
 * {@code agent}) driving rollout groups, and on every node that hosts agents (role {@code agent},
 * the sharding role of the cluster profile) the sharded agents talking to an in-process PolicyServer. The server starts from
 * {@code perennial.learner.loop.initial-checkpoint} (version 0) and {@link PolicySync} swaps in
 * every version the learner commits, from {@code perennial.learner.loop.checkpoint-dir}, which
 * every node must see at the same path (a shared volume). A node that joins late or comes back
 * after a crash starts at version 0 and catches up within {@code policy-poll}.
 */
public final class TrainingWorkload implements NodeWorkload {
  private static final Logger log = LoggerFactory.getLogger(TrainingWorkload.class);

  private final UnaryOperator<Policy> decorate;
  private Optional<ActorRef<Learner.Command>> learner = Optional.empty();

  public TrainingWorkload() { this(UnaryOperator.identity()); }

  /** {@code decorate} wraps the agents' policy (metering, tracing); the learner and server are unchanged. */
  public TrainingWorkload(UnaryOperator<Policy> decorate) { this.decorate = decorate; }

  @Override
  public void start(PerennialNode node) throws Exception {
    ActorSystem<Void> system = node.system();
    Config config = learnerConfig(system.settings().config());
    TrainingSettings training = TrainingSettings.from(config);
    // process-wide, and before any model is loaded: the trainer and the server each get this many
    int threads = Devices.configureThreads(config.getConfig("perennial.learner"));
    LearnerSettings ls = LearnerSettings.from(config);
    if (ls.initialCheckpoint() == null) {
      throw new IllegalArgumentException("perennial.learner.loop.initial-checkpoint is not set: the cluster's learner and policy "
          + "servers start from the weights of version 0 (a checkpoint directory every node can read)");
    }
    RlSettings rl = RlSettings.from(config);
    TrainerSettings ts = TrainerSettings.from(config.getConfig("perennial.learner.train"));
    ActorRef<Learner.Command> learner = Learner.init(system, ls, rl, JournalEpisodes.of(system),
        DjlPolicyTrainer.factory(ts, rl, ls, training.seed()));

    NodeComponents components = NodeComponents.create(config);
    system.getWhenTerminated().thenRun(components::close);
    Policy policy = NO_SERVER;
    if (hostsAgents(node, config)) {
      DjlServing.Served served = DjlServing.start(system, config, CheckpointDir.resolve(ls.initialCheckpoint()), "policy-server");
      system.systemActorOf(PolicySync.create(served.server(), learner, ls.policyTopic(), served.checkpoint().version(),
          training.policyPoll()), "policy-sync", Props.empty());
      policy = decorate.apply(served.policy());
      log.info("training workload: policy server on {} (version {}), {} torch threads, checkpoints in {}", served.checkpoint().dir(),
          served.checkpoint().version(), threads, ls.checkpointDir().toAbsolutePath());
    }
    node.withAgents(components.agentDeps(policy, config)).withRolloutDriver(components.environments()::find);
    this.learner = Optional.of(learner);
  }

  /** The learner singleton's proxy, once {@link #start} ran. */
  public Optional<ActorRef<Learner.Command>> learner() { return learner; }

  /** Sharding starts agents here: the node has the sharding role ("agent" in the cluster profile), or there is none (one node). */
  private static boolean hostsAgents(PerennialNode node, Config config) {
    String role = config.getString("akka.cluster.sharding.role");
    return role.isEmpty() || node.hasRole(role);
  }

  /**
   * The learner groups episodes by the rollout driver's group size: the driver's
   * {@code group-size} is the learner's, so the two cannot disagree (groups that never complete).
   */
  static Config learnerConfig(Config config) {
    DriverSettings driver = DriverSettings.from(config);
    if (!driver.enabled()) {
      throw new IllegalArgumentException("the training workload needs perennial.runtime.driver.enabled = on (and its environment): "
          + "the rollout driver runs the groups the learner trains on");
    }
    return config.withValue("perennial.learner.loop.group-size", ConfigValueFactory.fromAnyRef(driver.groupSize()));
  }

  /** The agents' policy on a node without the sharding role: sharding never starts an agent there, so it is never called. */
  private static final Policy NO_SERVER = new Policy() {
    @Override
    public CompletionStage<Generation> generate(GenerationRequest request) {
      return CompletableFuture.failedFuture(new PolicyException("this node has no policy server (only nodes that host agents run one)",
          false));
    }

    @Override
    public String describe() { return "none (hosts no agents)"; }

    @Override
    public boolean trainable() { return false; }
  };
}
