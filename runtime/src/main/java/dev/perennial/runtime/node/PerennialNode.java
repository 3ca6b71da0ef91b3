package dev.perennial.runtime.node;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.model.Uri;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.persistence.JournalSchema;
import dev.perennial.runtime.cluster.DriverSettings;
import dev.perennial.runtime.cluster.Management;
import dev.perennial.runtime.cluster.NodeReadiness;
import dev.perennial.runtime.cluster.RolloutDriver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Perennial node: an ActorSystem started the way every command starts it — journal schema
 * first (before any persistent actor), then Akka Management (health checks; Cluster Bootstrap
 * needs it), then cluster membership (seed nodes, Cluster Bootstrap, or, with neither, a self-join
 * so a single machine is a one-node cluster and agents still run sharded), then whatever the
 * command adds (agents, rollout driver, policy server, learner). {@link #ready} flips the
 * {@code perennial-node} readiness check. Closing it runs coordinated shutdown.
 */
public final class PerennialNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PerennialNode.class);

  private final ActorSystem<Void> system;
  private final Optional<Uri> management;
  private Optional<ActorRef<RolloutDriver.Command>> driver = Optional.empty();

  private PerennialNode(ActorSystem<Void> system, Optional<Uri> management) {
    this.system = system;
    this.management = management;
  }

  public static PerennialNode start(String name, Config config, Duration joinTimeout) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    try {
      JournalSchema.ensureBlocking(system);
      Optional<Uri> management = Management.startIfEnabled(system, Duration.ofSeconds(30));
      Cluster cluster = Cluster.get(system);
      if (bootstrapEnabled(config)) {
        Management.startBootstrap(system);
      } else if (config.getStringList("akka.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      awaitUp(cluster, joinTimeout);
      log.info("node {} up at {} with roles {}{}", name, cluster.selfMember().address(), cluster.selfMember().getRoles().stream()
              .filter(r -> !r.startsWith("dc-")).sorted().toList(),
          management.map(u -> ", management " + u).orElse(""));
      return new PerennialNode(system, management);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * Registers the agents with Cluster Sharding on this node: it hosts them when it has the
   * sharding role ({@code akka.cluster.sharding.role}, "agent" in the cluster profile), otherwise
   * it only proxies to the nodes that do.
   */
  public PerennialNode withAgents(AgentDeps deps) {
    AgentEntity.init(system, deps);
    return this;
  }

  /**
   * Starts the rollout driver singleton ({@code perennial.runtime.driver}) when it is enabled: the
   * nodes with its role take part in hosting it, the others get a proxy. Needs {@link #withAgents}.
   */
  public PerennialNode withRolloutDriver(EnvironmentLookup environments) {
    DriverSettings settings = DriverSettings.from(system.settings().config());
    if (settings.enabled()) driver = Optional.of(RolloutDriver.init(system, settings, environments));
    return this;
  }

  /** The rollout driver's proxy, when {@link #withRolloutDriver} started it. */
  public Optional<ActorRef<RolloutDriver.Command>> rolloutDriver() { return driver; }

  /** Everything this node runs has started: the readiness check turns green. */
  public PerennialNode ready() {
    NodeReadiness.set(system, true);
    return this;
  }

  public ActorSystem<Void> system() { return system; }

  /** This node's roles (without Akka's data-center role "dc-…"). */
  public Set<String> roles() {
    Set<String> roles = new java.util.TreeSet<>(Cluster.get(system).selfMember().getRoles());
    roles.removeIf(r -> r.startsWith("dc-"));
    return roles;
  }

  public boolean hasRole(String role) { return Cluster.get(system).selfMember().hasRole(role); }

  /** Akka Management's HTTP address, when it runs. */
  public Optional<Uri> management() { return management; }

  @Override
  public void close() {
    NodeReadiness.set(system, false);
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("node did not terminate cleanly: {}", e.toString());
    }
  }

  private static boolean bootstrapEnabled(Config config) {
    return config.hasPath("perennial.runtime.cluster-bootstrap") && config.getBoolean("perennial.runtime.cluster-bootstrap");
  }

  private static void awaitUp(Cluster cluster, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (cluster.selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("this node did not join a cluster within " + timeout.toSeconds()
            + " s (seed nodes: check akka.cluster.seed-nodes / the --seed option and that a seed is reachable;"
            + " Cluster Bootstrap: check that required-contact-point-nr nodes are up and discoverable)");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while joining the cluster", e);
      }
    }
  }
}
