package dev.perennial.runtime.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.javadsl.Adapter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Akka Management readiness check {@code perennial-node}: ready once the node has started what its
 * roles run (agents, learner, policy server), not merely joined the cluster, so a load balancer
 * or Kubernetes sends no work to a node that is still loading a model.
 */
public final class NodeReadiness implements Supplier<CompletionStage<Boolean>> {
  private final Flag flag;

  /** Akka Management instantiates checks with the classic system. */
  public NodeReadiness(akka.actor.ActorSystem system) {
    this.flag = Adapter.toTyped(system).registerExtension(Flag.ID);
  }

  @Override
  public CompletionStage<Boolean> get() { return CompletableFuture.completedFuture(flag.ready.get()); }

  /** Marks this node ready (or not: while it shuts down). */
  public static void set(ActorSystem<?> system, boolean ready) { system.registerExtension(Flag.ID).ready.set(ready); }

  public static boolean isReady(ActorSystem<?> system) { return system.registerExtension(Flag.ID).ready.get(); }

  /** One flag per actor system. */
  static final class Flag implements Extension {
    static final ExtensionId<Flag> ID = new ExtensionId<>() {
      @Override
      public Flag createExtension(ActorSystem<?> system) { return new Flag(); }
    };
    final AtomicBoolean ready = new AtomicBoolean();
  }
}
