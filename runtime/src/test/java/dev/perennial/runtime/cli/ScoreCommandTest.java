package dev.perennial.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code perennial score} on the shipped example rows, with the real sandbox behind the code verifiers. */
class ScoreCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("..", "examples", "rows");
  private static final String PROFILE = Path.of("..", "config", "local.conf").toString();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"math", "code", "science", "logic", "simulation", "tabular"})
  void everyExampleRowGetsTheScoreItsFileExpects(String domain) throws Exception {
    Path in = EXAMPLES.resolve(domain + ".jsonl");
    Path out = dir.resolve(domain + ".scores.jsonl");
    assertEquals(0, PerennialCli.execute("score", "--profile", PROFILE, "--input", in.toString(), "--output", out.toString()));
    List<String> rows = Files.readAllLines(in).stream().filter(l -> !l.isBlank()).toList();
    List<String> scores = Files.readAllLines(out);
    assertEquals(rows.size(), scores.size(), "one output line per input row");
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = JSON.readTree(rows.get(i));
      JsonNode score = JSON.readTree(scores.get(i));
      assertEquals(row.get("expected_score").asDouble(), score.get("score").asDouble(), 1e-9,
          domain + " line " + (i + 1) + ": " + score);
    }
  }

  @Test
  void brokenRowsBecomeErrorLinesAndStrictModeFails() throws Exception {
    Path in = EXAMPLES.resolve("invalid.jsonl");
    Path out = dir.resolve("invalid.scores.jsonl");
    assertEquals(0, PerennialCli.execute("score", "--profile", PROFILE, "--input", in.toString(), "--output", out.toString()));
    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"error\"")), "error lines for broken rows: " + lines);
    assertEquals(1, PerennialCli.execute("score", "--profile", PROFILE, "--strict", "--input", in.toString(), "--output", dir.resolve("s.jsonl").toString()));
  }

  @Test
  void parquetRowsAreScoredToo() throws Exception {
    Path out = dir.resolve("mixed.scores.jsonl");
    assertEquals(0, PerennialCli.execute("score", "--profile", PROFILE, "--input", EXAMPLES.resolve("mixed.parquet").toString(), "--output", out.toString()));
    long scored = Files.readAllLines(out).stream().filter(l -> l.contains("\"score\"")).count();
    assertTrue(scored >= 30, "rows scored from parquet: " + scored);
  }

  @Test
  void aMissingInputIsAClearError() {
    assertEquals(1, PerennialCli.execute("score", "--profile", PROFILE, "--input", dir.resolve("nope.jsonl").toString()));
  }
}
