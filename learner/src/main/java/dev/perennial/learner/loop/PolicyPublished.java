package dev.perennial.learner.loop;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.pubsub.Topic;
import dev.perennial.persistence.CborSerializable;

/**
 * A new policy version is ready: its checkpoint directory and the SHA-256 of its weights. The
 * learner publishes it on a pub-sub {@link Topic} (local on one node, cluster-wide on many) after
 * the step that made it is committed; policy servers subscribe and swap weights.
 */
public record PolicyPublished(long version, long step, String location, String sha256) implements CborSerializable {

  /** The node's topic actor for {@code name} (perennial.learner.loop.policy-topic), spawned as a child of {@code ctx}. */
  public static ActorRef<Topic.Command<PolicyPublished>> topic(ActorContext<?> ctx, String name) {
    return ctx.spawn(Topic.create(PolicyPublished.class, name), "topic-" + name.replaceAll("[^A-Za-z0-9_-]", "_"));
  }
}
