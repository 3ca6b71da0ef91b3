package dev.perennial.runtime.node;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.persistence.JournalSchema;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Perennial node: an ActorSystem started the way every command starts it — journal schema
 * first (before any persistent actor), then cluster membership (self-join when no seed nodes are
 * configured, so a single machine is a one-node cluster and agents still run sharded), then
 * whatever the command adds (agents, policy server, learner). Closing it runs coordinated shutdown.
 */
public final class PerennialNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PerennialNode.class);

  private final ActorSystem<Void> system;

  private PerennialNode(ActorSystem<Void> system) {
    this.system = system;
  }

  public static PerennialNode start(String name, Config config, Duration joinTimeout) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
    try {
      JournalSchema.ensureBlocking(system);
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("akka.cluster.seed-nodes").isEmpty() && !bootstrapEnabled(config)) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      awaitUp(cluster, joinTimeout);
      log.info("node {} up at {} with roles {}", name, cluster.selfMember().address(), cluster.selfMember().getRoles());
      return new PerennialNode(system);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  /** Registers the agents with Cluster Sharding on this node. */
  public PerennialNode withAgents(AgentDeps deps) {
    AgentEntity.init(system, deps);
    return this;
  }

  public ActorSystem<Void> system() { return system; }

  @Override
  public void close() {
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
            + " s (seed nodes: check akka.cluster.seed-nodes / the --seed option and that a seed is reachable)");
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
