package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.ledger.EpisodeRef;
import dev.perennial.learner.testing.Episodes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The learner's events and state (ledger included) survive the journal's CBOR serialization. */
class LearnerSerializationTest {
  private static ActorTestKit kit;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create(ConfigFactory.parseString(
        "akka.actor.serialization-bindings { \"dev.perennial.persistence.CborSerializable\" = jackson-cbor }")
        .withFallback(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @Test
  void eventsAndStateRoundTrip() {
    SerializationTestKit ser = kit.serializationTestKit();
    EpisodeRecord e = Episodes.solve("g", "a", 0, 2, 1, 3).withGroupSize(4);
    EpisodeRef ref = EpisodeRef.of(e);
    var committed = new LearnerEvent.StepCommitted(2, 2, "/c/v000002", "abc", List.of(ref), List.of(new Dropped(ref, "stale: x")),
        "seq:9", Map.of("loss", 0.5), 7);
    assertEquals(committed, ser.verifySerialization(committed, true));
    var dropped = new LearnerEvent.EpisodesDropped(List.of(new Dropped(ref, "zero variance: y")), "seq:3", 8);
    LearnerState state = LearnerState.empty().dropped(dropped);
    LearnerState back = ser.verifySerialization(state, false);
    assertEquals(state.ledger().entries(), back.ledger().entries());
    assertEquals("seq:3", back.resumeOffset());
    EpisodeRecord r = ser.verifySerialization(e, false);
    assertEquals(4, r.groupSize());
    assertEquals(e.episodeId(), r.episodeId());
  }

  @Test
  void anEpisodeRecordWrittenBeforeGroupSizeExistedReadsWithSizeZero() throws Exception {
    var mapper = akka.serialization.jackson.JacksonObjectMapperProvider.get(kit.system())
        .getOrCreate("jackson-cbor", java.util.Optional.empty());
    EpisodeRecord e = Episodes.solve("g", "a", 0, 2, 1, 3).withGroupSize(4);
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(e);
    tree.remove("groupSize");
    byte[] old = mapper.writeValueAsBytes(tree);
    EpisodeRecord back = mapper.readValue(old, EpisodeRecord.class);
    assertEquals(0, back.groupSize());
    assertEquals(e.turns().get(0).sampledText(), back.turns().get(0).sampledText());
  }
}
