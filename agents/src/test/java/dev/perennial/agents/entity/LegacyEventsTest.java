package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import dev.perennial.agents.entity.AgentEvent.EpisodeCompleted;
import dev.perennial.agents.entity.AgentEvent.TurnGenerated;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.persistence.CborRoundTrip;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events and snapshots stored before turns were packed (token ids as varints, log-probs as raw
 * float32) still read, with every id and log-prob bit intact. The payloads in
 * {@code legacy-events/} were written by the previous encoding (element-wise CBOR arrays) and must
 * never be regenerated.
 */
class LegacyEventsTest {
  static ActorTestKit kit;

  @BeforeAll
  static void start() { kit = ActorTestKit.create("legacy-events", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @Test
  void turnGeneratedStoredBeforePackingStillReads() throws Exception {
    TurnGenerated e = (TurnGenerated) read("turn-generated");
    assertFirstTurn(e.turn());
    assertEquals("a#1/s0/c0", e.call().orElseThrow().callId());
  }

  @Test
  void episodeCompletedStoredBeforePackingStillReads() throws Exception {
    EpisodeCompleted e = (EpisodeCompleted) read("episode-completed");
    assertEquals(2, e.record().turns().size());
    assertFirstTurn(e.record().turns().get(0));
    assertArrayEquals(new int[] {60, 97, 110}, e.record().turns().get(1).sampledTokenIds());
    assertArrayEquals(new float[] {-0.2f, -0.3f, -0.4f}, e.record().turns().get(1).logprobs());
  }

  @Test
  void snapshotStoredBeforePackingStillReads() throws Exception {
    AgentState s = (AgentState) read("agent-state");
    assertFirstTurn(s.episode().orElseThrow().turns().get(0));
    assertEquals(new Counters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), s.counters());
  }

  @Test
  void theNewEncodingIsSmallerAndRoundTrips() throws Exception {
    for (String name : new String[] {"turn-generated", "episode-completed", "agent-state"}) {
      Object old = read(name);
      byte[] now = SerializationExtension.get(kit.system()).serialize(old).get();
      assertTrue(now.length < bytes(name).length, name + ": " + now.length + " bytes now vs " + bytes(name).length + " before");
      CborRoundTrip.verify(kit.system(), old);
    }
  }

  private static void assertFirstTurn(Turn t) {
    assertArrayEquals(new int[] {60, 104, 105, 110, 116, 115, 62}, t.injectedTokenIds());
    assertArrayEquals(new int[] {60, 112, 108, 97, 110, 62, 0, 23, 24, 255, 256, 65535, 65536, 151642, -1}, t.sampledTokenIds());
    float[] expected = {-0.1f, -0.25f, -0.0f, 0f, -1e-30f, -3.5f, -12.75f, -0.001f, -7f, -0.5f, -1f, -2f, -3f, -4f, Float.NEGATIVE_INFINITY};
    for (int i = 0; i < expected.length; i++)
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(t.logprobs()[i]), "log-prob " + i);
    assertEquals(7, t.policyVersion());
  }

  private static Object read(String name) throws IOException {
    String[] entry = index().get(name);
    Serialization serialization = SerializationExtension.get(kit.system());
    return serialization.deserialize(bytes(name), Integer.parseInt(entry[0]), entry[1]).get();
  }

  private static Map<String, String[]> index() throws IOException {
    Map<String, String[]> out = new HashMap<>();
    for (String line : new String(resource("index.txt"), StandardCharsets.UTF_8).split("\n")) {
      String[] f = line.strip().split(" ");
      if (f.length == 3) out.put(f[0], new String[] {f[1], f[2]});
    }
    return out;
  }

  private static byte[] bytes(String name) throws IOException { return resource(name + ".cbor"); }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = LegacyEventsTest.class.getResourceAsStream("/legacy-events/" + file)) {
      if (in == null) throw new IOException("missing test resource legacy-events/" + file);
      return in.readAllBytes();
    }
  }
}
