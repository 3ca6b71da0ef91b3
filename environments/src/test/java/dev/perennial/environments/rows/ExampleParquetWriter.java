package dev.perennial.environments.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Test helper that (re)writes {@code examples/rows/mixed.parquet} from the domain JSONL examples
 * with DuckDB, in the layout verl uses: {@code reward_model.ground_truth} a string (JSON text for
 * structured truths), {@code extra_info} a string map. Run from the repository root:
 * {@code java -cp <test classpath> dev.perennial.environments.rows.ExampleParquetWriter examples/rows}.
 */
public final class ExampleParquetWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> SOURCES = List.of("math.jsonl", "code.jsonl", "science.jsonl", "logic.jsonl", "simulation.jsonl", "tabular.jsonl");

  public static void main(String[] args) throws IOException, SQLException {
    Path dir = Path.of(args.length > 0 ? args[0] : "examples/rows");
    write(dir, dir.resolve("mixed.parquet"));
  }

  static void write(Path dir, Path parquet) throws IOException, SQLException {
    List<String> lines = new ArrayList<>();
    for (String name : SOURCES) {
      for (String line : Files.readAllLines(dir.resolve(name))) {
        if (line.isBlank()) continue;
        ObjectNode row = (ObjectNode) JSON.readTree(line);
        ObjectNode rm = (ObjectNode) row.get("reward_model");
        JsonNode gt = rm.get("ground_truth");
        rm.put("ground_truth", gt.isTextual() ? gt.asText() : gt.toString());
        ObjectNode info = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> it = row.get("extra_info").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          info.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
        row.set("extra_info", info);
        lines.add(JSON.writeValueAsString(row));
      }
    }
    Path tmp = Files.createTempFile("examples", ".jsonl");
    Files.write(tmp, lines);
    Files.deleteIfExists(parquet);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("COPY (SELECT * FROM read_json('" + tmp.toAbsolutePath() + "', format = 'newline_delimited', columns = {"
          + "data_source: 'VARCHAR', prompt: 'STRUCT(role VARCHAR, content VARCHAR)[]', ability: 'VARCHAR', "
          + "reward_model: 'STRUCT(style VARCHAR, ground_truth VARCHAR)', extra_info: 'MAP(VARCHAR, VARCHAR)', "
          + "response: 'VARCHAR', expected_score: 'DOUBLE'})) TO '" + parquet.toAbsolutePath() + "' (FORMAT PARQUET)");
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
