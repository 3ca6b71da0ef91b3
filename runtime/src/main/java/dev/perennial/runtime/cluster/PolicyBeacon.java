package dev.perennial.runtime.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import akka.cluster.typed.Subscribe;
import dev.perennial.persistence.CborSerializable;
import java.time.Duration;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Late joiners get the current policy. A published policy version is a pub-sub message: a node
 * that (re)joins after it went out would wait for the next one, and between steps that can be
 * long. The beacon, a singleton on the learner's role, listens to the policy topic, remembers the
 * newest version, and publishes it again whenever a member comes up and every
 * {@code every}. Receivers load a version only when it is newer than theirs, so the repeats cost
 * nothing. Generic in the message type (the learner's {@code PolicyPublished}, or a test's).
 */
public final class PolicyBeacon {
  private PolicyBeacon() {}

  interface Command<T> extends CborSerializable {}

  private record Heard<T>(T policy) implements Command<T> {}

  private record MemberUp<T>(String address) implements Command<T> {}

  private record Repeat<T>() implements Command<T> {}

  /** Starts the beacon singleton on {@code role}; call on every node. */
  public static <T> void init(ActorSystem<?> system, Class<T> type, String topicName, ToLongFunction<T> versionOf, String role,
      Duration every) {
    ClusterSingleton.get(system).init(SingletonActor.of(behavior(type, topicName, versionOf, every), "policy-beacon-" + safe(topicName))
        .withSettings(ClusterSingletonSettings.create(system).withRole(role)));
  }

  private static <T> Behavior<Command<T>> behavior(Class<T> type, String topicName, ToLongFunction<T> versionOf, Duration every) {
    return Behaviors.<Command<T>>setup(ctx -> {
      ActorRef<Topic.Command<T>> topic = ctx.spawn(Topic.create(type, topicName), "topic");
      topic.tell(Topic.subscribe(ctx.messageAdapter(type, Heard::new)));
      ActorRef<ClusterEvent.MemberUp> ups = ctx.messageAdapter(ClusterEvent.MemberUp.class, e -> new MemberUp<>(e.member().address().toString()));
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(ups, ClusterEvent.MemberUp.class));
      return Behaviors.withTimers(timers -> {
        timers.startTimerWithFixedDelay(new Repeat<>(), every);
        return listening(topic, versionOf, Optional.empty());
      });
    });
  }

  private static <T> Behavior<Command<T>> listening(ActorRef<Topic.Command<T>> topic, ToLongFunction<T> versionOf, Optional<T> latest) {
    return Behaviors.receive((ctx, msg) -> {
      if (msg instanceof Heard<T> h) {
        if (latest.isPresent() && versionOf.applyAsLong(latest.get()) >= versionOf.applyAsLong(h.policy())) return Behaviors.same();
        return listening(topic, versionOf, Optional.of(h.policy()));
      }
      if (msg instanceof MemberUp<T> up) ctx.getLog().debug("member {} up: repeating the newest policy", up.address());
      latest.ifPresent(p -> topic.tell(Topic.publish(p)));
      return Behaviors.same();
    });
  }

  private static String safe(String name) { return name.replaceAll("[^A-Za-z0-9_-]", "_"); }
}
