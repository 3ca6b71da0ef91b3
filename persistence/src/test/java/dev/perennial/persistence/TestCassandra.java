package dev.perennial.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * The Cassandra profile for tests tagged {@code cassandra}: a real server (scripts/cassandra.sh
 * start; PERENNIAL_CASSANDRA=host:port when not on 127.0.0.1:9042), a fresh pair of keyspaces per
 * test so runs never see each other's events, and quick polling.
 */
public final class TestCassandra {
  private TestCassandra() {}

  public static String contactPoint() {
    String env = System.getenv("PERENNIAL_CASSANDRA");
    return env == null || env.isBlank() ? "127.0.0.1:9042" : env.strip();
  }

  /** Fails at once, saying how to start Cassandra, when nothing listens on the contact point. */
  public static void requireRunning() {
    String[] hp = contactPoint().split(":");
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), 2000);
    } catch (IOException e) {
      throw new AssertionError("no Cassandra at " + contactPoint() + " (tests tagged 'cassandra' need one: scripts/cassandra.sh start,"
          + " and PERENNIAL_CASSANDRA=host:port when it is not on 127.0.0.1:9042)", e);
    }
  }

  /** A keyspace name no other test run uses. */
  public static String freshKeyspace(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** The first events-by-tag bucket: the previous hour, so a fresh stream does not scan months of empty buckets. */
  public static String firstTimeBucket() {
    return ZonedDateTime.now(ZoneOffset.UTC).minusHours(1).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:00"));
  }

  /** HOCON for the Cassandra journal in {@code keyspace} (snapshots in {@code keyspace}_snap). */
  public static String hocon(String keyspace) {
    return """
        akka.persistence.journal.plugin = "akka.persistence.cassandra.journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.cassandra.snapshot"
        akka.persistence.cassandra {
          journal { keyspace = "%1$s", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
          snapshot { keyspace = "%1$s_snap", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
          events-by-tag { bucket-size = "Hour", first-time-bucket = "%2$s", eventual-consistency-delay = 1s }
          query.refresh-interval = 200ms
          journal.circuit-breaker.reset-timeout = 2s
        }
        perennial.persistence.read-journal = "akka.persistence.cassandra.query"
        datastax-java-driver {
          basic.contact-points = ["%3$s"]
          basic.load-balancing-policy.local-datacenter = "datacenter1"
          advanced.reconnect-on-init = true
          basic.request.timeout = 10s
          profiles.akka-persistence-cassandra-profile.basic.request.timeout = 10s
        }
        """.formatted(keyspace, firstTimeBucket(), contactPoint());
  }

  public static Config config(String keyspace) {
    return ConfigFactory.load(ConfigFactory.parseString(hocon(keyspace) + """
        akka.loglevel = WARNING
        akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
        akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        akka.coordinated-shutdown.exit-jvm = off
        """));
  }
}
