package dev.perennial.runtime.train;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.EnvTool;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.agents.tools.ToolSettings;
import dev.perennial.agents.tools.calculator.CalculatorTool;
import dev.perennial.environments.Environment;
import dev.perennial.environments.frozenlake.FrozenLakeEnvironment;
import dev.perennial.environments.hiddenop.HiddenOperatorEnvironment;
import dev.perennial.environments.verify.FormatScorer;
import dev.perennial.environments.verify.format.PlanActReflectScorer;
import dev.perennial.learner.inference.DjlPolicy;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.inference.PolicyServer;
import dev.perennial.learner.inference.PolicyServerSettings;
import dev.perennial.persistence.JournalSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One JVM that runs everything of `perennial train`: an Akka node that is its own cluster (agents
 * sharded, the learner a singleton), the H2 journal, the built-in environments and in-process
 * tools, and policy servers spawned per phase. Blocking helpers here are for the job's own thread,
 * never an actor's.
 */
public final class TrainNode implements AutoCloseable {
  private static final Duration ASK = Duration.ofSeconds(30);

  private final ActorSystem<NodeGuardian.Command> system;
  private final Config config;
  private final List<Environment> environments;
  private final ToolRegistry tools;
  private final FormatScorer formatScorer;

  private TrainNode(ActorSystem<NodeGuardian.Command> system, Config config, List<Environment> environments) {
    this.system = system;
    this.config = config;
    this.environments = environments;
    ToolSettings ts = ToolSettings.from(config);
    this.tools = ToolRegistry.of(new CalculatorTool(ts.calculator()), new EnvTool(ts.env()));
    this.formatScorer = new PlanActReflectScorer();
  }

  /** Starts the node on {@code config} (the journal schema created, the cluster joined). */
  public static TrainNode start(Config config, List<String> environmentNames) {
    List<Environment> envs = new ArrayList<>();
    for (String name : environmentNames) envs.add(builtin(name));
    // the job's own shutdown hook stops the work first, then terminates the system (coordinated shutdown)
    Config node = config.withValue("akka.coordinated-shutdown.run-by-jvm-shutdown-hook", ConfigValueFactory.fromAnyRef("off"));
    ActorSystem<NodeGuardian.Command> system = ActorSystem.create(NodeGuardian.create(), "perennial", node);
    try {
      JournalSchema.ensureBlocking(system);
      Cluster cluster = Cluster.get(system);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return new TrainNode(system, config, envs);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  static Environment builtin(String name) {
    return switch (name) {
      case HiddenOperatorEnvironment.NAME -> new HiddenOperatorEnvironment();
      case FrozenLakeEnvironment.NAME -> new FrozenLakeEnvironment();
      default -> throw new IllegalArgumentException("unknown environment '" + name + "' (perennial train knows "
          + HiddenOperatorEnvironment.NAME + ", " + FrozenLakeEnvironment.NAME + ")");
    };
  }

  public ActorSystem<NodeGuardian.Command> system() { return system; }

  public Config config() { return config; }

  public List<Environment> environments() { return environments; }

  public EnvironmentLookup lookup() { return EnvironmentLookup.of(environments); }

  /** Agent settings of this node; {@code temperature} overrides the sampling temperature when not null. */
  public AgentSettings agentSettings(Double temperature) {
    Config c = temperature == null ? config : config.withValue("perennial.agents.sampling.temperature",
        ConfigValueFactory.fromAnyRef(temperature));
    return AgentSettings.from(c);
  }

  public AgentDeps deps(Policy policy, AgentSettings settings) {
    return new AgentDeps(policy, lookup(), tools, formatScorer, settings);
  }

  public PolicyServerSettings serverSettings() {
    return PolicyServerSettings.from(config.getConfig("perennial.learner.inference"));
  }

  /** Spawns a policy server (on its own dispatcher) and returns it with a {@link DjlPolicy} on it. */
  public Served serve(String name, InitialPolicy initial) {
    PolicyServerSettings s = serverSettings();
    ActorRef<PolicyServer.Command> server = spawn(PolicyServer.create(s, initial), name,
        DispatcherSelector.fromConfig(PolicyServerSettings.DISPATCHER));
    return new Served(server, new DjlPolicy(server, system.scheduler(), s.askTimeout()));
  }

  public record Served(ActorRef<PolicyServer.Command> server, DjlPolicy policy) {}

  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name, Props props) {
    CompletionStage<ActorRef<T>> ref = AskPattern.ask(system, replyTo -> new NodeGuardian.Spawn<>(behavior, name, props, replyTo),
        ASK, system.scheduler());
    return ref.toCompletableFuture().join();
  }

  public <T> ActorRef<T> spawn(Behavior<T> behavior, String name) { return spawn(behavior, name, Props.empty()); }

  public void stop(ActorRef<?> child) {
    AskPattern.<NodeGuardian.Command, Done>ask(system, replyTo -> new NodeGuardian.Stop(child, replyTo), Duration.ofMinutes(5),
        system.scheduler()).toCompletableFuture().join();
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
