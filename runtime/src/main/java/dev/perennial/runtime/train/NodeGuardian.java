package dev.perennial.runtime.train;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The train node's guardian: spawns the long-lived parts of a phase on request (policy servers,
 * the rollout driver, the policy sync) and stops them when the phase ends, answering once they
 * have terminated. Children that fail stop (their own supervision handles restarts).
 */
public final class NodeGuardian {
  public sealed interface Command {}

  public record Spawn<T>(Behavior<T> behavior, String name, Props props, ActorRef<ActorRef<T>> replyTo) implements Command {}

  public record Stop(ActorRef<?> child, ActorRef<Done> replyTo) implements Command {}

  private NodeGuardian() {}

  public static Behavior<Command> create() {
    return Behaviors.setup(ctx -> {
      Map<ActorRef<?>, List<ActorRef<Done>>> stopping = new HashMap<>();
      return Behaviors.receive(Command.class)
          .onMessage(Spawn.class, m -> {
            spawn(ctx, m);
            return Behaviors.same();
          })
          .onMessage(Stop.class, m -> {
            if (ctx.getChild(m.child().path().name()).isEmpty()) {
              m.replyTo().tell(Done.getInstance());
              return Behaviors.same();
            }
            stopping.computeIfAbsent(m.child(), c -> new ArrayList<>()).add(m.replyTo());
            ctx.watch(m.child());
            ctx.stop(m.child());
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> {
            List<ActorRef<Done>> waiting = stopping.remove(t.getRef());
            if (waiting != null) waiting.forEach(r -> r.tell(Done.getInstance()));
            return Behaviors.same();
          })
          .build();
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void spawn(akka.actor.typed.javadsl.ActorContext<Command> ctx, Spawn m) {
    ActorRef child = ctx.spawn(m.behavior(), m.name(), m.props());
    m.replyTo().tell(child);
  }
}
