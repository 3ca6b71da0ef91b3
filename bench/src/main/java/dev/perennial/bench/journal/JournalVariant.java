package dev.perennial.bench.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * A journal the benchmark writes to: a plugin id, the HOCON that defines it (layered over the
 * node's configuration, so {@code ${jdbc-journal}} refers to the project's configured H2 journal),
 * whether its schema has to be created first, and the settings that decide how it batches writes,
 * copied into the results so that every number says what it was measured with.
 */
record JournalVariant(String name, String plugin, String hocon, boolean jdbcSchema, List<String> settingPaths) {

  private static final List<String> JDBC_SETTINGS = List.of("batchSize", "parallelism", "bufferSize");
  private static final List<String> H2_POOL = List.of(
      "akka-persistence-jdbc.shared-databases.slick.db.url",
      "akka-persistence-jdbc.shared-databases.slick.db.numThreads",
      "akka-persistence-jdbc.shared-databases.slick.db.maxConnections");

  /** The project's embedded journal exactly as persistence/reference.conf configures it. */
  static JournalVariant h2() {
    return new JournalVariant("h2", "jdbc-journal", "", false, paths("jdbc-journal", JDBC_SETTINGS, H2_POOL));
  }

  /** Cassandra through akka-persistence-cassandra, with the project's config/cassandra.conf settings. */
  static JournalVariant cassandra(int cqlPort) {
    String hocon = """
        akka.persistence.cassandra {
          journal { keyspace = "perennial_bench", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
          snapshot { keyspace = "perennial_bench_snapshot", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
          events-by-tag { bucket-size = "Hour", first-time-bucket = "20260101T00:00" }
        }
        datastax-java-driver {
          basic.contact-points = ["127.0.0.1:%d"]
          basic.load-balancing-policy.local-datacenter = "datacenter1"
          advanced.reconnect-on-init = true
          basic.request.timeout = 10s
          profiles.akka-persistence-cassandra-profile.basic.request.timeout = 10s
        }
        """.formatted(cqlPort);
    return new JournalVariant("cassandra", "akka.persistence.cassandra.journal", hocon, false, List.of(
        "akka.persistence.cassandra.journal.max-message-batch-size",
        "akka.persistence.cassandra.events-by-tag.enabled",
        "akka.persistence.cassandra.events-by-tag.max-message-batch-size",
        "akka.persistence.cassandra.events-by-tag.flush-interval",
        "datastax-java-driver.advanced.connection.pool.local.size",
        "datastax-java-driver.advanced.connection.max-requests-per-connection"));
  }

  /** The H2 journal with its write settings overridden ({@code overrides} is HOCON inside the plugin block). */
  static JournalVariant h2With(String name, String overrides) {
    String id = "bench-journal-" + name;
    return new JournalVariant(name, id, id + " = ${jdbc-journal} { " + overrides + " }", false,
        paths(id, JDBC_SETTINGS, H2_POOL));
  }

  /** The H2 journal on a database file of its own whose JDBC URL gets {@code urlSuffix} (e.g. ";MAX_LENGTH_INPLACE_LOB=…"). */
  static JournalVariant h2Url(String name, Path dataDir, String urlSuffix, String overrides) {
    String id = "bench-journal-" + name;
    String url = "jdbc:h2:file:" + dataDir.resolve(name).toAbsolutePath().toString().replace("\\", "/")
        + ";DATABASE_TO_UPPER=false;TRACE_LEVEL_FILE=0" + urlSuffix;
    String hocon = id + " = ${jdbc-journal} { use-shared-db = null, slick = ${akka-persistence-jdbc.shared-databases.slick} "
        + "{ db.url = \"" + url + "\" }, " + overrides + " }";
    return new JournalVariant(name, id, hocon, true, paths(id, JDBC_SETTINGS, List.of(id + ".slick.db.url",
        id + ".slick.db.numThreads", id + ".slick.db.maxConnections")));
  }

  private static List<String> paths(String plugin, List<String> keys, List<String> more) {
    List<String> out = new java.util.ArrayList<>(keys.stream().map(k -> plugin + "." + k).toList());
    out.addAll(more);
    return out;
  }
}
