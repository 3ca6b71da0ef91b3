package dev.perennial.agents.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolSettings;
import dev.perennial.agents.tools.ToolText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One episode's in-memory DuckDB database, holding the task's tables, locked down after loading:
 * no file or network access ({@code enable_external_access = false}), configuration locked, one
 * thread, a memory limit. A query must be a single SELECT (checked with DuckDB's own parser:
 * {@code json_serialize_sql} only accepts SELECT statements) and runs in a transaction that is
 * always rolled back, under a time limit enforced by interrupting it.
 */
final class EpisodeDatabase implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection connection;
  private final ToolSettings.Sql settings;
  private final String schema;
  private final AtomicReference<Statement> running = new AtomicReference<>();
  private volatile String stopReason;
  volatile boolean busy;

  private EpisodeDatabase(Connection connection, ToolSettings.Sql settings, String schema) {
    this.connection = connection;
    this.settings = settings;
    this.schema = schema;
  }

  static EpisodeDatabase open(Map<String, String> extraInfo, ToolSettings.Sql settings) throws ToolFailure {
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:duckdb:");
      TableLoader.load(c, extraInfo, settings.dataRoot());
      try (Statement s = c.createStatement()) {
        s.execute("SET threads = 1");
        s.execute("SET memory_limit = '" + settings.memoryLimit() + "'");
        s.execute("SET enable_external_access = false");
        s.execute("SET lock_configuration = true");
      }
      String schema = describe(c);
      c.setAutoCommit(false);
      return new EpisodeDatabase(c, settings, schema);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new ToolFailure("cannot load the task's tables: " + TableLoader.firstLine(e.getMessage()));
    } catch (ToolFailure | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** "name(col TYPE, …) — N rows" for every table, to tell the model what it can query. */
  String schema() { return schema; }

  synchronized String query(String sql, ScheduledExecutorService timer) throws ToolFailure {
    String q = sql.strip();
    while (q.endsWith(";")) q = q.substring(0, q.length() - 1).strip();
    if (q.isEmpty()) throw new ToolFailure("empty query. Tables: " + schema);
    checkSingleSelect(q);
    stopReason = null;
    try (Statement st = connection.createStatement()) {
      running.set(st);
      ScheduledFuture<?> limit = timer.schedule(() -> stop("the query ran longer than "
          + ToolText.seconds(settings.timeout()) + " and was stopped; simplify it or add LIMIT"), settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      try (ResultSet rs = st.executeQuery(q)) {
        return ResultText.render(rs, settings);
      } finally {
        limit.cancel(false);
        running.set(null);
      }
    } catch (SQLException e) {
      if (stopReason != null) throw new ToolFailure(stopReason);
      String m = e.getMessage() == null ? "" : e.getMessage().replace("java.sql.SQLException: ", "");
      String hint = m.contains("Catalog Error") ? "\nTables: " + schema : "";
      throw new ToolFailure("SQL error: " + cap(m) + hint);
    } finally {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // nothing was written: a failed rollback of a read-only transaction changes nothing
      }
    }
  }

  /** Interrupts the running query (from another thread); it then fails with {@code reason}. */
  void stop(String reason) {
    Statement st = running.get();
    if (st == null) return;
    stopReason = reason;
    try {
      st.cancel();
    } catch (SQLException ignored) {
      // the query ended meanwhile
    }
  }

  private void checkSingleSelect(String q) throws ToolFailure {
    try (PreparedStatement p = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      p.setString(1, q);
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        JsonNode parsed = JSON.readTree(rs.getString(1));
        if (parsed.path("error").asBoolean(false)) {
          String type = parsed.path("error_type").asText();
          if (type.equals("parser")) throw new ToolFailure("SQL syntax error: " + parsed.path("error_message").asText());
          throw new ToolFailure("only a single read-only SELECT query is allowed. Tables: " + schema);
        }
        if (parsed.path("statements").size() != 1) {
          throw new ToolFailure("one query at a time: send a single SELECT statement");
        }
      }
    } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ToolFailure("SQL error: " + cap(e.getMessage()));
    }
  }

  private static String describe(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables ORDER BY table_name")) {
      while (rs.next()) tables.add(rs.getString(1));
    }
    if (tables.isEmpty()) return "(none)";
    List<String> parts = new ArrayList<>();
    for (String t : tables) {
      List<String> cols = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(
          "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position")) {
        p.setString(1, t);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) cols.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      long rows;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TableLoader.quote(t))) {
        rs.next();
        rows = rs.getLong(1);
      }
      parts.add(t + "(" + String.join(", ", cols) + ") — " + rows + " rows");
    }
    return String.join("; ", parts);
  }

  private static String cap(String m) {
    String s = m == null ? "" : m.strip();
    List<String> lines = s.lines().limit(6).toList();
    String joined = String.join("\n", lines);
    return joined.length() > 1000 ? joined.substring(0, 1000) + "…" : joined;
  }

  @Override
  public void close() { closeQuietly(connection); }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing an in-memory database cannot lose anything
    }
  }

}
