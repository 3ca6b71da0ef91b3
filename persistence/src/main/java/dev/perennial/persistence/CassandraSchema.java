package dev.perennial.persistence;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.persistence.cassandra.KeyspaceAndTableStatements;
import akka.persistence.cassandra.PluginSettings;
import akka.stream.alpakka.cassandra.javadsl.CassandraSession;
import akka.stream.alpakka.cassandra.javadsl.CassandraSessionRegistry;
import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Start-up check of the Cassandra profile: waits until Cassandra answers (so a node whose journal
 * is unreachable fails start-up with a clear message instead of crash-looping its agents), then,
 * when the plugin's autocreate keys are on (development), creates the keyspaces and tables before
 * any persistent actor starts. The statements are the plugin's own ({@link KeyspaceAndTableStatements});
 * {@link #statements} returns them for production scripts (docs/cassandra.md).
 */
public final class CassandraSchema {
  private CassandraSchema() {}

  /** Plugin config path of a journal plugin id: "akka.persistence.cassandra.journal" → "akka.persistence.cassandra". */
  static String pluginPath(String journalPlugin) {
    return journalPlugin.endsWith(".journal") ? journalPlugin.substring(0, journalPlugin.length() - ".journal".length()) : journalPlugin;
  }

  /** Every statement that creates the journal's and the snapshot store's keyspaces and tables, in order. */
  public static List<String> statements(ActorSystem<?> system) {
    String path = pluginPath(PersistenceSettings.from(system.settings().config()).journalPlugin());
    Config plugin = system.settings().config().getConfig(path);
    var statements = new KeyspaceAndTableStatements(system, path, new PluginSettings(akka.actor.typed.javadsl.Adapter.toClassic(system), plugin));
    List<String> all = new ArrayList<>();
    all.add(statements.createJournalKeyspaceStatement());
    all.addAll(statements.getCreateJournalTablesStatements());
    all.add(statements.createSnapshotKeyspaceStatement());
    all.addAll(statements.getCreateSnapshotTablesStatements());
    return all;
  }

  static CompletionStage<Done> ensure(ActorSystem<?> system, PersistenceSettings settings) {
    String path = pluginPath(settings.journalPlugin());
    Config config = system.settings().config();
    boolean create = config.getBoolean(path + ".journal.keyspace-autocreate") || config.getBoolean(path + ".journal.tables-autocreate")
        || config.getBoolean(path + ".snapshot.keyspace-autocreate") || config.getBoolean(path + ".snapshot.tables-autocreate");
    CassandraSession session = CassandraSessionRegistry.get(system).sessionFor(path);
    long deadline = System.nanoTime() + settings.schemaTimeout().toNanos();
    String where = config.getStringList("datastax-java-driver.basic.contact-points").toString();
    // the driver may wait for ever for its first connection (reconnect-on-init): bound the whole wait
    CompletionStage<Done> reachable = untilReachable(session, deadline).toCompletableFuture()
        .orTimeout(settings.schemaTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(new IllegalStateException("Cassandra at " + where
            + " did not answer within " + settings.schemaTimeout().toSeconds() + " s (is it running? for development: "
            + "scripts/cassandra.sh start): " + rootMessage(e), e)));
    if (!create) return reachable;
    return reachable.thenCompose(d -> {
      CompletionStage<Done> chain = CompletableFuture.completedFuture(Done.getInstance());
      for (String statement : statements(system)) chain = chain.thenCompose(x -> session.executeDDL(statement));
      return chain;
    });
  }

  private static CompletionStage<Done> untilReachable(CassandraSession session, long deadline) {
    return session.selectOne("SELECT release_version FROM system.local").thenApply(row -> Done.getInstance())
        .exceptionallyCompose(e -> {
          if (System.nanoTime() > deadline) return CompletableFuture.failedFuture(e);
          return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS))
              .thenCompose(x -> untilReachable(session, deadline));
        });
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t instanceof java.util.concurrent.TimeoutException ? "no answer" : t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
