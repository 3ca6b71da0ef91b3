package dev.perennial.runtime.train;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import dev.perennial.learner.inference.PolicyServer;
import dev.perennial.learner.loop.Learner;
import dev.perennial.learner.loop.LearnerStatus;
import dev.perennial.learner.loop.PolicyPublished;
import java.time.Duration;

/**
 * Keeps this node's {@link PolicyServer} on the learner's latest version: it subscribes to the
 * {@link PolicyPublished} topic and, since a publication can be missed (a subscriber registering
 * while the learner recovers), also asks the learner's status now and then. A newer version is
 * sent to the server as {@code LoadPolicy}, which verifies the checkpoint's SHA-256 and swaps the
 * weights between two decode steps.
 */
public final class PolicySync {
  public sealed interface Command {}

  private record Published(PolicyPublished p) implements Command {}

  private record Status(LearnerStatus s) implements Command {}

  private record Loaded(PolicyServer.LoadReply reply) implements Command {}

  private enum Poll implements Command { INSTANCE }

  private PolicySync() {}

  public static Behavior<Command> create(ActorRef<PolicyServer.Command> server, ActorRef<Learner.Command> learner, String topicName,
      long servingVersion, Duration pollEvery) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ActorRef<Topic.Command<PolicyPublished>> topic = PolicyPublished.topic(ctx, topicName);
      topic.tell(Topic.subscribe(ctx.messageAdapter(PolicyPublished.class, Published::new)));
      timers.startTimerWithFixedDelay(Poll.INSTANCE, pollEvery);
      ActorRef<LearnerStatus> statusAdapter = ctx.messageAdapter(LearnerStatus.class, Status::new);
      ActorRef<PolicyServer.LoadReply> loadAdapter = ctx.messageAdapter(PolicyServer.LoadReply.class, Loaded::new);
      long[] requested = {servingVersion};
      return Behaviors.receive(Command.class)
          .onMessage(Published.class, m -> {
            load(server, loadAdapter, requested, m.p().version(), m.p().location(), m.p().sha256());
            return Behaviors.same();
          })
          .onMessage(Status.class, m -> {
            LearnerStatus s = m.s();
            if (s.version() > requested[0] && !s.checkpoint().isEmpty()) {
              load(server, loadAdapter, requested, s.version(), s.checkpoint(), s.sha256());
            }
            return Behaviors.same();
          })
          .onMessage(Loaded.class, m -> {
            if (m.reply() instanceof PolicyServer.LoadFailed f) {
              ctx.getLog().warn("policy server did not load version {}: {}", f.version(), f.reason());
              // ask again later: the status poll sends it anew
              requested[0] = Math.min(requested[0], f.version() - 1);
            }
            return Behaviors.same();
          })
          .onMessageEquals(Poll.INSTANCE, () -> {
            learner.tell(new Learner.GetStatus(statusAdapter));
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static void load(ActorRef<PolicyServer.Command> server, ActorRef<PolicyServer.LoadReply> replyTo, long[] requested,
      long version, String location, String sha256) {
    if (version <= requested[0] || location.isEmpty()) return;
    requested[0] = version;
    server.tell(new PolicyServer.LoadPolicy(version, location, sha256, replyTo));
  }
}
