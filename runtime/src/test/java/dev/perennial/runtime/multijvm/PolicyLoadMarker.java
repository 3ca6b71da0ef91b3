package dev.perennial.runtime.multijvm;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test scope, on nodes with role inference: subscribes to the stand-in's policy topic and, like a
 * PolicyServer's LoadPolicy, reads each announced checkpoint from the shared path and checks its
 * SHA-256 before "loading" it; prints {@code LOADED <version> ok} (or {@code MISMATCH}). Like a
 * PolicyServer it ignores versions it already has (the beacon repeats the newest one).
 */
final class PolicyLoadMarker {
  private PolicyLoadMarker() {}

  static void start(ActorSystem<?> system) {
    system.systemActorOf(behavior(), "policy-load-marker", Props.empty());
  }

  private static Behavior<StandInPolicy> behavior() {
    return Behaviors.setup(ctx -> {
      var topic = ctx.spawn(Topic.create(StandInPolicy.class, StandInPolicy.TOPIC), "topic");
      topic.tell(Topic.subscribe(ctx.getSelf()));
      long[] current = {0};
      return Behaviors.receiveMessage(p -> {
        if (p.version() <= current[0]) return Behaviors.same();
        current[0] = p.version();
        String verdict;
        try {
          verdict = StandInLearner.sha256(Files.readAllBytes(Path.of(p.location()))).equals(p.sha256()) ? "ok" : "MISMATCH";
        } catch (Exception e) {
          verdict = "UNREADABLE " + e.getMessage();
        }
        System.out.println("LOADED " + p.version() + " " + verdict);
        System.out.flush();
        return Behaviors.same();
      });
    });
  }
}
