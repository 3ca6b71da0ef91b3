package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.pubsub.Topic;
import dev.perennial.learner.inference.PolicyServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What reaches a node's PolicyServer when versions are published: one LoadPolicy per new version
 * with the announced path and digest, none for a version already loaded (the beacon repeats the
 * newest). The server here is a probe standing in for PolicyServer (whose own tests verify digests).
 */
class PolicyUpdatesTest {
  static final ActorTestKit kit = ActorTestKit.create();

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @Test
  void eachNewVersionBecomesOneLoadPolicy() {
    TestProbe<PolicyServer.Command> server = kit.createTestProbe();
    PolicyUpdates.start(kit.system(), PolicyUpdates.Announced.class, "policies", a -> a, server.ref());
    var topic = kit.spawn(Topic.create(PolicyUpdates.Announced.class, "policies"));
    // the subscriber's topic instance is found through the receptionist: wait until this one knows it
    TestProbe<Topic.TopicStats> stats = kit.createTestProbe();
    stats.awaitAssert(Duration.ofSeconds(10), () -> {
      topic.tell(Topic.getTopicStats(stats.ref()));
      assertEquals(1, stats.receiveMessage().topicInstanceCount());
      return null;
    });
    topic.tell(Topic.publish(new PolicyUpdates.Announced(1, "/shared/v000001", "aa")));
    var first = (PolicyServer.LoadPolicy) server.receiveMessage(Duration.ofSeconds(5));
    assertEquals(1, first.version());
    assertEquals("/shared/v000001", first.path());
    assertEquals("aa", first.sha256());
    first.replyTo().tell(new PolicyServer.PolicyLoaded(1, "aa"));
    server.expectNoMessage(Duration.ofMillis(300)); // the answer lands before the repeat below
    topic.tell(Topic.publish(new PolicyUpdates.Announced(1, "/shared/v000001", "aa")));
    topic.tell(Topic.publish(new PolicyUpdates.Announced(2, "/shared/v000002", "bb")));
    var second = (PolicyServer.LoadPolicy) server.receiveMessage(Duration.ofSeconds(5));
    assertEquals(2, second.version(), "the repeat of version 1 was not passed on");
    server.expectNoMessage(Duration.ofMillis(300));
  }
}
