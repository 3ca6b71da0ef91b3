package dev.perennial.agents.tools.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.tools.ToolFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates a task's tables in a fresh DuckDB database from the task's {@code extraInfo}:
 *
 * <ul>
 *   <li>{@code "tables"}: JSON object, table name → either
 *       {@code {"columns": ["id", "city"], "types": ["INTEGER", "VARCHAR"], "rows": [[1, "Oslo"], …]}}
 *       ({@code types} optional: inferred as BIGINT, DOUBLE, BOOLEAN or VARCHAR from the values) or a
 *       list of row objects {@code [{"id": 1, "city": "Oslo"}, …]} (columns in order of first appearance).
 *   <li>{@code "table_files"}: JSON object, table name → path of a {@code .csv}, {@code .tsv},
 *       {@code .parquet} or {@code .json} file, relative to {@code sql.data-root}.
 * </ul>
 *
 * A malformed entry is a clear {@link ToolFailure} naming the table; names are always quoted, and
 * explicit types must be plain SQL type names, so task data can never inject SQL.
 */
final class TableLoader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TableLoader() {}

  /** True when the task declares any table. */
  static boolean declaresTables(Map<String, String> extraInfo) {
    return extraInfo.containsKey("tables") || extraInfo.containsKey("table_files");
  }

  static void load(Connection c, Map<String, String> extraInfo, Path dataRoot) throws ToolFailure, SQLException {
    if (extraInfo.containsKey("tables")) {
      JsonNode tables = parse(extraInfo.get("tables"), "tables");
      for (Iterator<Map.Entry<String, JsonNode>> it = tables.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        loadInline(c, e.getKey(), e.getValue());
      }
    }
    if (extraInfo.containsKey("table_files")) {
      JsonNode files = parse(extraInfo.get("table_files"), "table_files");
      for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        loadFile(c, e.getKey(), e.getValue().asText(), dataRoot);
      }
    }
  }

  private static JsonNode parse(String text, String key) throws ToolFailure {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) throw new ToolFailure("the task's " + key + " must be a JSON object of tables");
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ToolFailure("the task's " + key + " are not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void loadInline(Connection c, String table, JsonNode spec) throws ToolFailure, SQLException {
    List<String> columns = new ArrayList<>();
    List<List<JsonNode>> rows = new ArrayList<>();
    List<String> types = new ArrayList<>();
    if (spec.isArray()) {
      Set<String> names = new LinkedHashSet<>();
      spec.forEach(r -> r.fieldNames().forEachRemaining(names::add));
      columns.addAll(names);
      for (JsonNode r : spec) {
        if (!r.isObject()) throw new ToolFailure("table '" + table + "': a list of rows must hold JSON objects");
        rows.add(columns.stream().map(col -> r.path(col)).toList());
      }
    } else if (spec.isObject() && spec.path("columns").isArray() && spec.path("rows").isArray()) {
      spec.path("columns").forEach(col -> columns.add(col.asText()));
      for (JsonNode r : spec.path("rows")) {
        if (!r.isArray() || r.size() != columns.size()) {
          throw new ToolFailure("table '" + table + "': every row must be a list of " + columns.size() + " values");
        }
        List<JsonNode> row = new ArrayList<>();
        r.forEach(row::add);
        rows.add(row);
      }
      spec.path("types").forEach(t -> types.add(t.asText()));
    } else {
      throw new ToolFailure("table '" + table + "': expected {\"columns\": [...], \"rows\": [[...]]} or a list of row objects");
    }
    if (columns.isEmpty()) throw new ToolFailure("table '" + table + "' has no columns");
    if (types.isEmpty()) {
      for (int i = 0; i < columns.size(); i++) types.add(infer(rows, i));
    } else if (types.size() != columns.size()) {
      throw new ToolFailure("table '" + table + "': " + types.size() + " types for " + columns.size() + " columns");
    }
    for (String t : types) {
      if (!t.matches("[A-Za-z][A-Za-z0-9_ ]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?")) {
        throw new ToolFailure("table '" + table + "': '" + t + "' is not a plain SQL type");
      }
    }
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (");
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(quote(table)).append(" VALUES (");
    for (int i = 0; i < columns.size(); i++) {
      ddl.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append(' ').append(types.get(i));
      insert.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(types.get(i)).append(')');
    }
    try (Statement s = c.createStatement()) {
      s.execute(ddl.append(')').toString());
    }
    try (PreparedStatement p = c.prepareStatement(insert.append(')').toString())) {
      for (List<JsonNode> row : rows) {
        for (int i = 0; i < row.size(); i++) p.setObject(i + 1, value(row.get(i)));
        p.addBatch();
      }
      p.executeBatch();
    } catch (SQLException e) {
      throw new ToolFailure("table '" + table + "': a row does not fit its column types: " + firstLine(e.getMessage()));
    }
  }

  private static void loadFile(Connection c, String table, String file, Path dataRoot) throws ToolFailure, SQLException {
    Path p = dataRoot.resolve(file).normalize();
    if (!Files.isRegularFile(p)) throw new ToolFailure("table '" + table + "': file " + file + " does not exist");
    String name = p.getFileName().toString().toLowerCase();
    String reader = name.endsWith(".parquet") ? "read_parquet"
        : name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "read_json_auto"
        : name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt") ? "read_csv_auto" : null;
    if (reader == null) throw new ToolFailure("table '" + table + "': unsupported file type " + file + " (csv, tsv, parquet, json)");
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + quote(table) + " AS SELECT * FROM " + reader + "('" + p.toString().replace("'", "''") + "')");
    } catch (SQLException e) {
      throw new ToolFailure("table '" + table + "': cannot read " + file + ": " + firstLine(e.getMessage()));
    }
  }

  private static String infer(List<List<JsonNode>> rows, int column) {
    boolean integral = true;
    boolean numeric = true;
    boolean bool = true;
    boolean any = false;
    for (List<JsonNode> row : rows) {
      JsonNode v = row.get(column);
      if (v == null || v.isNull() || v.isMissingNode()) continue;
      any = true;
      integral &= v.isIntegralNumber() && v.canConvertToLong();
      numeric &= v.isNumber();
      bool &= v.isBoolean();
    }
    if (!any) return "VARCHAR";
    return integral ? "BIGINT" : numeric ? "DOUBLE" : bool ? "BOOLEAN" : "VARCHAR";
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) return null;
    if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong();
    if (v.isNumber()) return v.decimalValue().toPlainString();
    if (v.isBoolean()) return v.asBoolean();
    return v.isTextual() ? v.asText() : v.toString();
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  static String firstLine(String message) {
    String m = message == null ? "" : message.replace("java.sql.SQLException: ", "");
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
