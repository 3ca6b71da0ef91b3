package dev.perennial.persistence;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Creates the journal, tag and snapshot tables before any persistent actor starts. Safe on every
 * start: existing tables are kept. JDBC (H2): the plugin's schema. Cassandra: waits until the
 * server answers, then creates keyspaces and tables when autocreate is on ({@link CassandraSchema}).
 * Any other journal (the in-memory test kit) completes at once.
 */
public final class JournalSchema {
  private JournalSchema() {}

  public static CompletionStage<Done> ensure(ActorSystem<?> system) {
    PersistenceSettings settings = PersistenceSettings.from(system.settings().config());
    if (settings.cassandraJournal()) return CassandraSchema.ensure(system, settings);
    if (!settings.jdbcJournal()) return CompletableFuture.completedFuture(Done.getInstance());
    return SchemaUtils.createIfNotExists(system)
        .toCompletableFuture()
        .orTimeout(settings.schemaTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(new IllegalStateException(
            "could not create the journal schema in " + settings.dataDir().toAbsolutePath()
                + " (is another process using the database?): " + rootMessage(e), e)));
  }

  /** Blocks until the schema exists; for start-up code that must not continue without a journal. */
  public static void ensureBlocking(ActorSystem<?> system) {
    try {
      ensure(system).toCompletableFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r; // the clear message, not its wrapper
      throw e;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
