package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra profile on a real server (tag {@code cassandra}; scripts/cassandra.sh start): the
 * schema is created before the first write, the episode stream yields tagged events in order with
 * {@code uuid:} offsets, and a consumer whose offset lives in its own Cassandra journal resumes
 * after a restart without skipping or repeating an episode.
 */
@Tag("cassandra")
class CassandraJournalTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /** One keyspace for the class (creating one takes seconds); each test has its own episode tag and persistence ids. */
  static String ks;

  @BeforeAll
  static void cassandraIsRunning() {
    TestCassandra.requireRunning();
    ks = TestCassandra.freshKeyspace("journal");
  }

  static Config config(String tag) {
    return ConfigFactory.parseString("perennial.persistence.episode-tag = \"" + tag + "\"")
        .withFallback(TestCassandra.config(ks));
  }

  @Test
  void ensureCreatesTheKeyspacesAndTablesBeforeAnyWriteAndIsIdempotent() throws Exception {
    ActorTestKit kit = ActorTestKit.create("schema", config("schema"));
    try {
      JournalSchema.ensureBlocking(kit.system());
      JournalSchema.ensureBlocking(kit.system());
      var session = CassandraSessionRegistry.get(kit.system()).sessionFor("akka.persistence.cassandra");
      List<String> tables = new ArrayList<>();
      for (String keyspace : List.of(ks, ks + "_snap")) {
        session.selectAll("SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
            .toCompletableFuture().get(10, TimeUnit.SECONDS).forEach(r -> tables.add(keyspace + "." + r.getString(0)));
      }
      assertTrue(tables.containsAll(List.of(ks + ".messages", ks + ".tag_views", ks + ".tag_write_progress", ks + ".tag_scanning",
          ks + ".metadata", ks + ".all_persistence_ids", ks + "_snap.snapshots")), "tables: " + tables);
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void theEpisodeStreamResumesFromAStoredUuidOffset() throws Exception {
    String stored;
    ActorTestKit kit = ActorTestKit.create("stream1", config("stream"));
    try {
      JournalSchema.ensureBlocking(kit.system());
      String tag = PersistenceSettings.from(kit.system().settings().config()).episodeTag();
      var a = kit.spawn(Recorder.create("stream-a", tag));
      var b = kit.spawn(Recorder.create("stream-b", tag));
      TestProbe<Done> probe = kit.createTestProbe();
      for (String id : List.of("e1", "e2", "e3")) record(id.equals("e2") ? b : a, id, true, probe);
      record(b, "noise", false, probe);
      var first = EpisodeStream.live(kit.system(), Recorder.Recorded.class, OffsetCodec.NONE).take(3)
          .runWith(Sink.seq(), kit.system()).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertEquals(List.of("e1", "e2", "e3"), first.stream().map(e -> e.event().id()).toList());
      stored = first.get(1).offset();
      assertTrue(stored.startsWith("uuid:"), "Cassandra offsets are time-based UUIDs: " + stored);
    } finally {
      kit.shutdownTestKit();
    }
    ActorTestKit kit2 = ActorTestKit.create("stream2", config("stream"));
    try {
      JournalSchema.ensureBlocking(kit2.system());
      String tag = PersistenceSettings.from(kit2.system().settings().config()).episodeTag();
      var live = EpisodeStream.live(kit2.system(), Recorder.Recorded.class, stored).take(2).runWith(Sink.seq(), kit2.system());
      record(kit2.spawn(Recorder.create("stream-c", tag)), "e4", true, kit2.createTestProbe());
      assertEquals(List.of("e3", "e4"), live.toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS).stream()
          .map(e -> e.event().id()).toList(), "resumed after e2");
    } finally {
      kit2.shutdownTestKit();
    }
  }

  @Test
  void aConsumerKeepsItsOffsetInItsOwnJournalAndResumesAfterARestart() throws Exception {
    ActorTestKit kit = ActorTestKit.create("consumer1", config("consumer"));
    try {
      JournalSchema.ensureBlocking(kit.system());
      String tag = PersistenceSettings.from(kit.system().settings().config()).episodeTag();
      TestProbe<Done> probe = kit.createTestProbe();
      var writer = kit.spawn(Recorder.create("consumer-w", tag));
      for (String id : List.of("e1", "e2", "e3")) record(writer, id, true, probe);
      var consumer = kit.spawn(OffsetConsumer.create("consumer"));
      awaitConsumed(kit, consumer, List.of("e1", "e2", "e3"));
    } finally {
      kit.shutdownTestKit(); // the consumer stops; episodes written meanwhile must not be missed
    }
    ActorTestKit writerKit = ActorTestKit.create("writer", config("consumer"));
    try {
      String tag = PersistenceSettings.from(writerKit.system().settings().config()).episodeTag();
      var writer = writerKit.spawn(Recorder.create("consumer-w", tag));
      TestProbe<Done> probe = writerKit.createTestProbe();
      for (String id : List.of("e4", "e5")) record(writer, id, true, probe);
    } finally {
      writerKit.shutdownTestKit();
    }
    ActorTestKit kit2 = ActorTestKit.create("consumer2", config("consumer"));
    try {
      JournalSchema.ensureBlocking(kit2.system());
      var consumer = kit2.spawn(OffsetConsumer.create("consumer"));
      awaitConsumed(kit2, consumer, List.of("e1", "e2", "e3", "e4", "e5"));
      Thread.sleep(2000); // nothing else may arrive (a replay from an old offset would)
      TestProbe<List<String>> probe = kit2.createTestProbe();
      consumer.tell(new OffsetConsumer.GetConsumed(probe.ref()));
      assertEquals(List.of("e1", "e2", "e3", "e4", "e5"), probe.receiveMessage(), "each episode consumed exactly once");
    } finally {
      kit2.shutdownTestKit();
    }
  }

  private static void awaitConsumed(ActorTestKit kit, ActorRef<OffsetConsumer.Command> consumer, List<String> expected)
      throws InterruptedException {
    TestProbe<List<String>> probe = kit.createTestProbe();
    long deadline = System.currentTimeMillis() + PATIENCE.toMillis();
    List<String> got = List.of();
    while (System.currentTimeMillis() < deadline) {
      consumer.tell(new OffsetConsumer.GetConsumed(probe.ref()));
      got = probe.receiveMessage();
      if (got.size() >= expected.size()) break;
      Thread.sleep(200);
    }
    assertEquals(expected, got);
  }

  private static void record(ActorRef<Recorder.Record> r, String id, boolean episode, TestProbe<Done> probe) {
    r.tell(new Recorder.Record(id, episode, probe.ref()));
    probe.expectMessage(Duration.ofSeconds(15), Done.getInstance());
  }
}
