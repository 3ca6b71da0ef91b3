package dev.perennial.runtime.cluster;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.Uri;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Akka Management on a node: the HTTP endpoint with {@code /alive}, {@code /ready} (cluster
 * membership, the node's own {@link NodeReadiness}, and Cassandra's check in the cassandra
 * profile) and {@code /cluster/members}; and Cluster Bootstrap, which finds the other nodes through
 * Akka Discovery (config locally, the Kubernetes API in a cluster) instead of seed nodes. Start-up
 * code: it blocks until the HTTP endpoint is bound.
 */
public final class Management {
  private Management() {}

  /** Starts the HTTP endpoint when {@code perennial.runtime.management.enabled}; returns its address. */
  public static Optional<Uri> startIfEnabled(ActorSystem<?> system, Duration timeout) {
    if (!system.settings().config().getBoolean("perennial.runtime.management.enabled")) return Optional.empty();
    try {
      return Optional.of(AkkaManagement.get(system).start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Akka Management", e);
    } catch (Exception e) {
      var c = system.settings().config();
      throw new IllegalStateException("Akka Management could not bind " + c.getString("akka.management.http.hostname") + ":"
          + c.getInt("akka.management.http.port") + " (is the port taken? --management-port): " + rootMessage(e), e);
    }
  }

  /** Joins through Cluster Bootstrap; needs Akka Management's HTTP endpoint (contact points talk to it). */
  public static void startBootstrap(ActorSystem<?> system) {
    if (!system.settings().config().getBoolean("perennial.runtime.management.enabled")) {
      throw new IllegalStateException("Cluster Bootstrap needs Akka Management: set perennial.runtime.management.enabled = on");
    }
    ClusterBootstrap.get(system).start();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
