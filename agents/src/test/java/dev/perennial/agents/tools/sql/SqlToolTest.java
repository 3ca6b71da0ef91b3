package dev.perennial.agents.tools.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.tools.Contexts;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlToolTest {
  private static final String CITIES = """
      {"cities": {"columns": ["name", "country", "population"],
                  "rows": [["Oslo", "NO", 709000], ["Bergen", "NO", 291000], ["Lyon", "FR", 522000]]},
       "countries": [{"code": "NO", "name": "Norway"}, {"code": "FR", "name": "France"}]}""";

  @TempDir Path dir;
  private SqlTool tool;

  @BeforeEach
  void open() { tool = tool(""); }

  private SqlTool tool(String overrides) {
    return new SqlTool(ToolSettings.from(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("perennial.agents.tools.sql.data-root = \"" + dir + "\""))
        .withFallback(ConfigFactory.load())).sql());
  }

  @AfterEach
  void close() { tool.close(); }

  private static ToolContext episode(String id) { return Contexts.of(id, Map.of("tables", CITIES), null); }

  private String sql(ToolContext ctx, String q) throws ToolFailure {
    return tool.run(Contexts.call("sql", q), ctx).text();
  }

  private String error(ToolContext ctx, String q) {
    return assertThrows(ToolFailure.class, () -> sql(ctx, q)).getMessage();
  }

  @Test
  void answersASelectAsATextTable() throws Exception {
    String out = sql(episode("e1"), "SELECT c.name, n.name AS country FROM cities c JOIN countries n ON c.country = n.code "
        + "WHERE population > 300000 ORDER BY c.name;");
    assertEquals("name | country\n-----|--------\nLyon | France\nOslo | Norway\n(2 rows)", out);
  }

  @Test
  void infersColumnTypesAndAnswersDescribe() throws Exception {
    String out = sql(episode("e1"), "DESCRIBE cities");
    assertTrue(out.contains("population | BIGINT") && out.contains("name | VARCHAR"), out);
  }

  @Test
  void capsTheRowsShown() throws Exception {
    tool.close();
    tool = tool("perennial.agents.tools.sql.max-rows = 3");
    String out = sql(episode("e1"), "SELECT * FROM range(10)");
    assertTrue(out.endsWith("(first 3 rows of 10; aggregate or add LIMIT/WHERE to see others)"), out);
    assertEquals(6, out.lines().count());
  }

  @Test
  void refusesWritesAndSeveralStatementsWithoutExecutingThem() throws Exception {
    ToolContext ctx = episode("e1");
    assertTrue(error(ctx, "DROP TABLE cities").contains("only a single read-only SELECT"));
    assertTrue(error(ctx, "DROP TABLE cities").contains("cities(name VARCHAR, country VARCHAR, population BIGINT) — 3 rows"));
    assertTrue(error(ctx, "SELECT 1; SELECT 2").contains("one query at a time"));
    assertTrue(error(ctx, "SELECT 1; DROP TABLE cities").contains("read-only"));
    assertTrue(error(ctx, "INSERT INTO cities VALUES ('x', 'y', 1)").contains("read-only"));
    assertTrue(error(ctx, "COPY cities TO '/tmp/x.csv'").contains("read-only"));
    assertTrue(error(ctx, "ATTACH '/tmp/x.db'").contains("read-only"));
    assertTrue(error(ctx, "SET lock_configuration = false").contains("read-only"));
    assertTrue(sql(ctx, "SELECT count(*) AS n FROM cities").startsWith("n\n---\n3\n"), "the table is still there");
  }

  @Test
  void cannotReadFilesOrReachTheNetwork() {
    ToolContext ctx = episode("e1");
    assertTrue(error(ctx, "SELECT * FROM read_csv('/etc/passwd')").contains("disabled"));
    assertTrue(error(ctx, "SELECT * FROM read_parquet('https://example.com/x.parquet')").contains("SQL error"));
  }

  @Test
  void errorsAreShortAndNameTheTables() {
    ToolContext ctx = episode("e1");
    assertTrue(error(ctx, "SELEC 1").startsWith("SQL syntax error"), error(ctx, "SELEC 1"));
    String unknown = error(ctx, "SELECT * FROM towns");
    assertTrue(unknown.contains("towns") && unknown.contains("Tables: cities("), unknown);
    assertTrue(error(ctx, "  ;  ").contains("empty query"));
  }

  @Test
  void eachEpisodeHasItsOwnDatabase() throws Exception {
    ToolContext other = Contexts.of("e2", Map.of("tables", "{\"t\": {\"columns\": [\"x\"], \"rows\": [[1]]}}"), null);
    assertTrue(sql(other, "SELECT * FROM t").contains("1"));
    assertTrue(error(other, "SELECT * FROM cities").contains("cities"));
    assertTrue(sql(episode("e1"), "SELECT count(*) FROM cities").contains("3"));
    assertEquals(2, tool.openDatabases());
    tool.endEpisode("e1");
    assertEquals(1, tool.openDatabases());
  }

  @Test
  void aLongQueryIsStoppedAtTheTimeLimit() {
    tool.close();
    tool = tool("perennial.agents.tools.sql.timeout = 300ms");
    long t = System.nanoTime();
    String e = error(episode("e1"), "SELECT sum(a.range * b.range) FROM range(100000000) a, range(1000) b");
    assertTrue(e.contains("ran longer than 300 ms"), e);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t) < 15_000, "stopped long before the query would finish");
  }

  @Test
  void cancelStopsARunningQuery() throws Exception {
    ToolContext ctx = episode("e1");
    sql(ctx, "SELECT 1");
    CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
      try {
        return sql(ctx, "SELECT sum(a.range * b.range) FROM range(100000000) a, range(1000) b");
      } catch (ToolFailure f) {
        return "failure: " + f.getMessage();
      }
    });
    Thread.sleep(300);
    tool.cancel("e1");
    assertEquals("failure: the query was cancelled", running.get(5, TimeUnit.SECONDS));
  }

  @Test
  void loadsTablesFromFiles() throws Exception {
    Files.writeString(dir.resolve("sales.csv"), "region,amount\nnorth,10\nsouth,32\n");
    ToolContext ctx = Contexts.of("e3", Map.of("table_files", "{\"sales\": \"sales.csv\"}"), null);
    assertTrue(sql(ctx, "SELECT sum(amount) AS total FROM sales").contains("42"));
  }

  @Test
  void badTableDefinitionsAreClearFailures() {
    assertTrue(error(Contexts.of("a", Map.of("tables", "{not json"), null), "SELECT 1").contains("not valid JSON"));
    assertTrue(error(Contexts.of("b", Map.of("tables", "{\"t\": {\"columns\": [\"x\"], \"rows\": [[1, 2]]}}"), null), "SELECT 1")
        .contains("every row must be a list of 1 values"));
    assertTrue(error(Contexts.of("c", Map.of("tables", "{\"t\": {\"columns\": [\"x\"], \"types\": [\"INT); DROP TABLE y; --\"], \"rows\": []}}"), null), "SELECT 1")
        .contains("not a plain SQL type"));
    assertTrue(error(Contexts.of("d", Map.of("table_files", "{\"t\": \"missing.csv\"}"), null), "SELECT 1").contains("does not exist"));
    assertTrue(error(Contexts.of("e", Map.of(), null), "SELECT 1").contains("no tables"));
  }
}
