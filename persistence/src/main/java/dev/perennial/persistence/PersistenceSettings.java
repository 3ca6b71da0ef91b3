package dev.perennial.persistence;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code perennial.persistence} block, read once.
 *
 * @param dataDir        where the embedded H2 journal lives
 * @param journalPlugin  the configured {@code akka.persistence.journal.plugin}
 * @param readJournal    plugin id of the read journal serving the episode stream
 * @param episodeTag     tag carried by every completed-episode event
 * @param schemaTimeout  how long start-up waits for the journal schema
 */
public record PersistenceSettings(
    Path dataDir, String journalPlugin, String readJournal, String episodeTag, Duration schemaTimeout) {

  public PersistenceSettings {
    if (readJournal.isBlank()) throw new IllegalArgumentException("perennial.persistence.read-journal must not be empty");
    if (episodeTag.isBlank()) throw new IllegalArgumentException("perennial.persistence.episode-tag must not be empty");
  }

  public static PersistenceSettings from(Config config) {
    Config c = config.getConfig("perennial.persistence");
    return new PersistenceSettings(
        Path.of(c.getString("data-dir")),
        config.getString("akka.persistence.journal.plugin"),
        c.getString("read-journal"),
        c.getString("episode-tag"),
        c.getDuration("schema-timeout"));
  }

  /** True when the journal is akka-persistence-jdbc (whose schema we create); false for Cassandra. */
  public boolean jdbcJournal() { return journalPlugin.equals("jdbc-journal"); }

  /** True when the journal is akka-persistence-cassandra (any plugin id under {@code akka.persistence.cassandra}). */
  public boolean cassandraJournal() { return journalPlugin.startsWith("akka.persistence.cassandra"); }
}
