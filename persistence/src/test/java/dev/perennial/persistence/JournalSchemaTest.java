package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSchemaTest {
  @TempDir Path dir;

  @Test
  void createsTheSchemaInTheConfiguredDataDirAndIsIdempotentAcrossRestarts() {
    for (int start = 0; start < 2; start++) {
      ActorTestKit kit = ActorTestKit.create("schema" + start, TestJournal.config(dir));
      try {
        JournalSchema.ensure(kit.system()).toCompletableFuture().join();
        JournalSchema.ensure(kit.system()).toCompletableFuture().join(); // a second call on a live system too
        TestProbe<Done> probe = kit.createTestProbe();
        var recorder = kit.spawn(Recorder.create("r", "t"));
        recorder.tell(new Recorder.Record("x" + start, false, probe.ref()));
        probe.expectMessage(Duration.ofSeconds(10), Done.getInstance());
      } finally {
        kit.shutdownTestKit();
      }
    }
    assertTrue(Files.exists(dir.resolve("journal.mv.db")), "H2 file under the configured data dir");
  }

  @Test
  void settingsReadTheDataDirOverride() {
    var settings = PersistenceSettings.from(TestJournal.config(dir));
    assertEquals(dir.toAbsolutePath(), settings.dataDir().toAbsolutePath());
    assertTrue(settings.jdbcJournal());
    assertTrue(TestJournal.config(dir).getString("akka-persistence-jdbc.shared-databases.slick.db.url")
        .startsWith("jdbc:h2:file:" + dir.toAbsolutePath() + "/journal;DATABASE_TO_UPPER=false"));
  }
}
