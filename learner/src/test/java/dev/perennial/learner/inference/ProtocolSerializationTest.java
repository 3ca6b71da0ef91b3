package dev.perennial.learner.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every PolicyServer message survives jackson-cbor, so agents on other nodes can call it. */
class ProtocolSerializationTest {
  static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create(); // persistence's reference.conf binds CborSerializable to jackson-cbor
  }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @SuppressWarnings("unchecked")
  <T> T roundTrip(T message) { return (T) kit.serializationTestKit().verifySerialization(message, false); }

  @Test
  void protocolMessagesRoundTrip() {
    TestProbe<PolicyServer.GenerateReply> replies = kit.createTestProbe();
    TestProbe<PolicyServer.LoadReply> loads = kit.createTestProbe();
    TestProbe<ServerStats> stats = kit.createTestProbe();
    GenerationRequest request = new GenerationRequest("r1",
        List.of(new Segment.Injected("<task>"), new Segment.Generated("ab", new int[] {300, 301})),
        new SamplingParams(0.7, 0.9, 20, 64, List.of("</code>")), 42);
    PolicyServer.Generate generate = roundTrip(new PolicyServer.Generate(request, replies.getRef()));
    assertEquals(replies.getRef(), generate.replyTo());
    assertEquals(request.params(), generate.request().params());
    assertArrayEquals(new int[] {300, 301}, ((Segment.Generated) generate.request().context().get(1)).tokenIds());

    Generation g = new Generation("ab", new int[] {1, 2}, new float[] {-0.5f, -1.5f}, FinishReason.STOP, List.of(new int[] {7}), 3, 4, 5);
    Generation back = ((PolicyServer.Generated) roundTrip(new PolicyServer.Generated(g))).generation();
    assertArrayEquals(g.tokenIds(), back.tokenIds());
    assertArrayEquals(g.logprobs(), back.logprobs());
    assertArrayEquals(new int[] {7}, back.injectedTokenIds().get(0));
    assertEquals(g.finishReason(), back.finishReason());

    assertEquals(new PolicyServer.Rejected("r1", "full", true), roundTrip(new PolicyServer.Rejected("r1", "full", true)));
    PolicyServer.LoadPolicy load = new PolicyServer.LoadPolicy(3, "/ckpt/v3", "abc", loads.getRef());
    assertEquals(load, roundTrip(load));
    assertEquals(new PolicyServer.PolicyLoaded(3, "abc"), roundTrip(new PolicyServer.PolicyLoaded(3, "abc")));
    assertEquals(new PolicyServer.LoadFailed(3, "bad"), roundTrip(new PolicyServer.LoadFailed(3, "bad")));
    ServerStats s = new ServerStats(1, "cpu", 2, 3, 4, 5, 6, 7, 8.5, 9.5, 10.5, 11, 12);
    assertEquals(s, roundTrip(s));
    assertEquals(new PolicyServer.GetStats(stats.getRef()), roundTrip(new PolicyServer.GetStats(stats.getRef())));
  }
}
