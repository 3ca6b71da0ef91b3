package dev.perennial.runtime.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import dev.perennial.learner.inference.PolicyServer;
import dev.perennial.persistence.CborSerializable;
import java.util.function.Function;

/**
 * On a node with role {@code inference}: every policy version the learner publishes (on its
 * distributed pub-sub topic, from whichever node hosts it) becomes a {@link PolicyServer.LoadPolicy}
 * for this node's PolicyServer, which reads the checkpoint from the shared path and loads it only if
 * its SHA-256 matches (a version it already has, or an older one, it declines). Outcomes are logged:
 * a node serving a stale policy is visible in its log. Generic in the published message type.
 */
public final class PolicyUpdates {
  private PolicyUpdates() {}

  /** What a published message says about the new version. */
  public record Announced(long version, String location, String sha256) {}

  interface Command extends CborSerializable {}

  private record Heard(Announced policy) implements Command {}

  private record Outcome(PolicyServer.LoadReply reply) implements Command {}

  /** Subscribes this node's {@code server} to {@code topicName}; {@code read} says what each message announces. */
  public static <T> ActorRef<?> start(ActorSystem<?> system, Class<T> type, String topicName, Function<T, Announced> read,
      ActorRef<PolicyServer.Command> server) {
    return system.systemActorOf(behavior(type, topicName, read, server), "policy-updates-" + topicName.replaceAll("[^A-Za-z0-9_-]", "_"),
        Props.empty());
  }

  private static <T> Behavior<Command> behavior(Class<T> type, String topicName, Function<T, Announced> read,
      ActorRef<PolicyServer.Command> server) {
    return Behaviors.setup(ctx -> {
      ActorRef<Topic.Command<T>> topic = ctx.spawn(Topic.create(type, topicName), "topic");
      topic.tell(Topic.subscribe(ctx.messageAdapter(type, m -> new Heard(read.apply(m)))));
      ActorRef<PolicyServer.LoadReply> replies = ctx.messageAdapter(PolicyServer.LoadReply.class, Outcome::new);
      long[] loaded = {-1};
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof Heard h) {
          Announced p = h.policy();
          if (p.version() > loaded[0]) server.tell(new PolicyServer.LoadPolicy(p.version(), p.location(), p.sha256(), replies));
        } else if (((Outcome) msg).reply() instanceof PolicyServer.PolicyLoaded ok) {
          if (ok.version() > loaded[0]) ctx.getLog().info("policy version {} loaded (sha256 {})", ok.version(), ok.sha256());
          loaded[0] = Math.max(loaded[0], ok.version());
        } else {
          PolicyServer.LoadFailed failed = (PolicyServer.LoadFailed) ((Outcome) msg).reply();
          if (failed.version() > loaded[0]) ctx.getLog().warn("policy version {} not loaded: {}", failed.version(), failed.reason());
        }
        return Behaviors.same();
      });
    });
  }
}
