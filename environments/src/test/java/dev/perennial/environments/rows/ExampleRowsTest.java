package dev.perennial.environments.rows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code perennial score} over the shipped example files: every row scores as its file says. */
class ExampleRowsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ScoreRunner RUNNER = new ScoreRunner(VerifierRegistry.standard(new PythonSubprocessRunner(), TestSettings.FAST));

  static Path examples() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples/rows"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("examples/rows not found above " + Path.of("").toAbsolutePath());
    return p.resolve("examples/rows");
  }

  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) if (!l.isBlank()) out.add(JSON.readTree(l));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"math.jsonl", "code.jsonl", "science.jsonl", "logic.jsonl", "simulation.jsonl", "tabular.jsonl", "mixed.parquet"})
  void everyExampleRowScoresAsItsFileSays(String name, @TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("scores.jsonl");
    ScoreSummary summary = RUNNER.run(examples().resolve(name), out, true);
    List<JsonNode> expected = new ArrayList<>();
    RowSource.forEach(examples().resolve(name), (n, json) -> expected.add(JSON.readTree(json)));
    List<JsonNode> scored = lines(out);
    assertEquals(expected.size(), scored.size());
    assertEquals(0, summary.errors());
    for (int i = 0; i < scored.size(); i++) {
      JsonNode s = scored.get(i);
      double want = expected.get(i).get("expected_score").asDouble();
      assertEquals(i + 1, s.get("line").asLong());
      assertEquals(want, s.get("score").asDouble(), 1e-9, () -> name + " line " + s.get("line") + ": " + s.get("reason").asText());
    }
  }

  @Test
  void invalidRowsBecomeErrorLinesWithReasons(@TempDir Path tmp) throws IOException {
    Path in = examples().resolve("invalid.jsonl");
    Path out = tmp.resolve("scores.jsonl");
    ScoreSummary summary = RUNNER.run(in, out, false);
    List<String> input = Files.readAllLines(in);
    List<JsonNode> scored = lines(out);
    assertEquals(input.size(), scored.size());
    assertEquals(1, summary.scored());
    assertEquals(input.size() - 1, summary.errors());
    assertEquals(1.0, scored.get(0).get("score").asDouble());
    assertEquals("not valid JSON", scored.get(1).get("error").asText());
    for (int i = 2; i < input.size(); i++) {
      String want = JSON.readTree(input.get(i)).get("expected_error").asText();
      String got = scored.get(i).get("error").asText();
      assertTrue(got.contains(want), "line " + (i + 1) + ": '" + got + "' should mention '" + want + "'");
      assertEquals(i + 1, scored.get(i).get("line").asLong());
    }
  }

  @Test
  void strictModeStopsAtTheFirstBadRow(@TempDir Path tmp) {
    RowException e = assertThrows(RowException.class, () -> RUNNER.run(examples().resolve("invalid.jsonl"), tmp.resolve("o.jsonl"), true));
    assertEquals(2, e.issue().rowNumber());
  }

  @Test
  void parquetExampleHoldsEveryDomainRow() throws IOException {
    long jsonl = 0;
    for (String name : ExampleParquetWriter.SOURCES) jsonl += lines(examples().resolve(name)).size();
    long[] parquet = {0};
    RowSource.forEach(examples().resolve("mixed.parquet"), (n, json) -> parquet[0]++);
    assertEquals(jsonl, parquet[0], "mixed.parquet is stale: rerun ExampleParquetWriter");
  }
}
