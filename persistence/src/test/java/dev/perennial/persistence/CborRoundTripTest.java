package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CborRoundTripTest {
  static ActorTestKit kit;

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({@JsonSubTypes.Type(value = Shape.Dot.class, name = "dot"), @JsonSubTypes.Type(value = Shape.Line.class, name = "line")})
  sealed interface Shape extends CborSerializable {
    record Dot(int x) implements Shape {}

    record Line(int[] xs) implements Shape {}
  }

  record Holder(String name, int[] ids, float[] logprobs, List<Shape> shapes, Optional<String> note, Map<String, String> extra)
      implements CborSerializable {}

  record NotMarked(String name) {}

  @BeforeAll
  static void start() { kit = ActorTestKit.create("cbor", ConfigFactory.load()); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @Test
  void recordsWithArraysOptionalsAndSealedFieldsSurvive() {
    var h = new Holder("a", new int[] {1, 2, 3}, new float[] {-0.5f, Float.NaN}, List.of(new Shape.Dot(1), new Shape.Line(new int[] {4})),
        Optional.of("n"), Map.of("k", "v", "k2", "v2"));
    Holder copy = CborRoundTrip.verify(kit.system(), h);
    assertArrayEquals(h.ids(), copy.ids());
    assertArrayEquals(h.logprobs(), copy.logprobs());
    assertEquals(h.shapes().get(0), copy.shapes().get(0));
    assertEquals(Optional.of("n"), copy.note());
  }

  @Test
  void refusesATypeThatIsNotBoundToJacksonCbor() {
    var e = assertThrows(AssertionError.class, () -> CborRoundTrip.verify(kit.system(), new NotMarked("x")));
    assertTrue(e.getMessage().contains("NotMarked"), e.getMessage());
  }
}
