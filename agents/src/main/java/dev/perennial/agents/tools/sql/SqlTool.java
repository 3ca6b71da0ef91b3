package dev.perennial.agents.tools.sql;

import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.agents.tools.ToolSettings;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The "sql" tool: read-only SQL over the task's tables with in-process DuckDB, one in-memory
 * database per episode, built on the episode's first call from the task's {@code extraInfo} (the
 * convention is in {@link TableLoader}) and closed at {@link #endEpisode}. Queries are single
 * SELECTs (DESCRIBE and SHOW TABLES count: DuckDB rewrites them to SELECTs), capped in rows shown,
 * characters per cell and time; writes, file access, ATTACH/COPY/INSTALL and several statements at
 * once are refused with a short message listing the tables.
 */
public final class SqlTool implements Tool, AutoCloseable {
  private final ToolSettings.Sql settings;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "perennial-sql-timeouts");
    t.setDaemon(true);
    return t;
  });
  /** Access-ordered, so that the eldest entry is the least recently used database. */
  private final LinkedHashMap<String, EpisodeDatabase> databases = new LinkedHashMap<>(16, 0.75f, true);

  public SqlTool(ToolSettings.Sql settings) {
    this.settings = settings;
  }

  @Override
  public String name() { return "sql"; }

  @Override
  public ToolOutput run(ToolCall call, ToolContext context) throws ToolFailure {
    if (context.task() == null || !TableLoader.declaresTables(context.task().extraInfo())) {
      throw new ToolFailure("this task has no tables to query");
    }
    EpisodeDatabase db = database(context);
    try {
      return ToolOutput.ok(db.query(call.input() == null ? "" : call.input(), timer));
    } finally {
      db.busy = false;
    }
  }

  @Override
  public void cancel(String episodeId) {
    EpisodeDatabase db;
    synchronized (databases) {
      db = databases.get(episodeId);
    }
    if (db != null) db.stop("the query was cancelled");
  }

  @Override
  public void endEpisode(String episodeId) {
    EpisodeDatabase db;
    synchronized (databases) {
      db = databases.remove(episodeId);
    }
    if (db != null) {
      db.stop("the episode ended");
      db.close();
    }
  }

  /** Databases open now (for tests and metrics). */
  public int openDatabases() {
    synchronized (databases) {
      return databases.size();
    }
  }

  @Override
  public void close() {
    synchronized (databases) {
      databases.values().forEach(EpisodeDatabase::close);
      databases.clear();
    }
    timer.shutdownNow();
  }

  private EpisodeDatabase database(ToolContext context) throws ToolFailure {
    String episode = context.episodeId();
    synchronized (databases) {
      EpisodeDatabase db = databases.get(episode);
      if (db != null) {
        db.busy = true;
        return db;
      }
    }
    // built outside the lock: loading big tables must not stall other episodes
    EpisodeDatabase fresh = EpisodeDatabase.open(context.task().extraInfo(), settings);
    synchronized (databases) {
      EpisodeDatabase raced = databases.putIfAbsent(episode, fresh);
      EpisodeDatabase db = raced == null ? fresh : raced;
      if (raced != null) fresh.close();
      db.busy = true;
      evictIdle();
      return db;
    }
  }

  /** Closes least recently used idle databases beyond the limit; they are rebuilt on demand. */
  private void evictIdle() {
    Iterator<Map.Entry<String, EpisodeDatabase>> it = databases.entrySet().iterator();
    while (databases.size() > settings.maxOpenDatabases() && it.hasNext()) {
      EpisodeDatabase db = it.next().getValue();
      if (!db.busy) {
        it.remove();
        db.close();
      }
    }
  }
}
