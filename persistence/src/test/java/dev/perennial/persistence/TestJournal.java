package dev.perennial.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/** An H2 file journal in a test's own directory, polled quickly so stream tests stay short. */
final class TestJournal {
  private TestJournal() {}

  static Config config(Path dataDir) {
    return ConfigFactory.load(ConfigFactory.parseString("""
        perennial.persistence.data-dir = "%s"
        jdbc-read-journal.refresh-interval = 100ms
        akka.loglevel = WARNING
        akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
        akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        akka.coordinated-shutdown.exit-jvm = off
        """.formatted(dataDir.toAbsolutePath().toString().replace("\\", "/"))));
  }
}
