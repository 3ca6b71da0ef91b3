package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.stream.javadsl.Sink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeStreamTest {
  @TempDir Path dir;

  @Test
  void yieldsTaggedEventsInJournalOrderAndResumesFromAStoredOffsetAcrossARestart() throws Exception {
    String storedOffset;
    List<String> firstPart;
    ActorTestKit kit = ActorTestKit.create("stream1", TestJournal.config(dir));
    try {
      JournalSchema.ensureBlocking(kit.system());
      String tag = PersistenceSettings.from(kit.system().settings().config()).episodeTag();
      var a = kit.spawn(Recorder.create("a", tag));
      var b = kit.spawn(Recorder.create("b", tag));
      TestProbe<Done> probe = kit.createTestProbe();
      // interleave two writers and untagged noise; the stream must show only e1..e6, in write order
      record(a, "e1", true, probe);
      record(b, "noise", false, probe);
      record(b, "e2", true, probe);
      record(a, "e3", true, probe);
      record(a, "noise", false, probe);
      record(b, "e4", true, probe);

      var consumed = EpisodeStream.current(kit.system(), Recorder.Recorded.class, OffsetCodec.NONE)
          .take(3).runWith(Sink.seq(), kit.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      firstPart = consumed.stream().map(e -> e.event().id()).toList();
      assertEquals(List.of("e1", "e2", "e3"), firstPart);
      storedOffset = consumed.get(2).offset(); // what a consumer would write to its checkpoint

      record(b, "e5", true, probe);
    } finally {
      kit.shutdownTestKit();
    }

    ActorTestKit kit2 = ActorTestKit.create("stream2", TestJournal.config(dir));
    try {
      JournalSchema.ensureBlocking(kit2.system());
      String tag = PersistenceSettings.from(kit2.system().settings().config()).episodeTag();
      TestProbe<Done> probe = kit2.createTestProbe();
      var a = kit2.spawn(Recorder.create("a", tag));
      var live = EpisodeStream.live(kit2.system(), Recorder.Recorded.class, storedOffset)
          .take(3).runWith(Sink.seq(), kit2.system());
      record(a, "e6", true, probe); // written while the live consumer is running

      List<String> rest = new ArrayList<>();
      live.toCompletableFuture().get(15, TimeUnit.SECONDS).forEach(e -> rest.add(e.event().id()));
      assertEquals(List.of("e4", "e5", "e6"), rest, "resumed after e3: nothing skipped, nothing repeated");

      var all = EpisodeStream.current(kit2.system(), Recorder.Recorded.class, null)
          .runWith(Sink.seq(), kit2.system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals(List.of("e1", "e2", "e3", "e4", "e5", "e6"), all.stream().map(e -> e.event().id()).toList());
    } finally {
      kit2.shutdownTestKit();
    }
  }

  private static void record(ActorRef<Recorder.Record> r, String id, boolean episode, TestProbe<Done> probe) {
    r.tell(new Recorder.Record(id, episode, probe.ref()));
    probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
  }
}
