package dev.perennial.persistence;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** No server needed: start-up against an unreachable Cassandra fails in time, with a message saying what to do. */
class CassandraUnreachableTest {
  @Test
  void startUpFailsWithAClearMessageWhenCassandraDoesNotAnswer() {
    var config = ConfigFactory.parseString("""
        perennial.persistence.schema-timeout = 2s
        datastax-java-driver.basic.contact-points = ["127.0.0.1:1"]
        """).withFallback(TestCassandra.config("unreachable"));
    ActorTestKit kit = ActorTestKit.create("unreachable", config);
    try {
      long t0 = System.nanoTime();
      var e = assertThrows(IllegalStateException.class, () -> JournalSchema.ensureBlocking(kit.system()));
      assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("scripts/cassandra.sh start"), e.getMessage());
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 15_000, "gave up after the schema timeout");
    } finally {
      kit.shutdownTestKit();
    }
  }
}
