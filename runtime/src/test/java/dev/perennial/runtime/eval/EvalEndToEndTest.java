package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code perennial eval} end to end with the in-process DJL policy on a tiny checkpoint written here. */
class EvalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path checkpoint;
  static Path profile;

  @BeforeAll
  static void writeCheckpoint() throws Exception {
    checkpoint = TinyCheckpoint.write(dir.resolve("ckpt"), 7);
    profile = TestConfigs.profile(dir, TestConfigs.SHORT_EPISODES + "perennial.runtime.eval.evals-dir = \"" + dir.resolve("evals") + "\"\n");
  }

  static List<String> iterate(java.util.Iterator<String> names) {
    List<String> out = new java.util.ArrayList<>();
    names.forEachRemaining(out::add);
    return out;
  }

  static Config config(String id, Map<String, Object> overrides) {
    return TestConfigs.load(profile, overrides, "perennial.runtime.eval.evals-dir", id);
  }

  @Test
  void evaluatesADjlCheckpointOnAnEnvironmentAndADatasetFile() throws Exception {
    Config c = config("djl", Map.of("perennial.runtime.eval.packs", 1, "perennial.runtime.eval.pack-size", 3,
        "perennial.runtime.eval.samples", 2));
    EvalJob.Outcome out = new EvalJob(c, System.err, (f, d, t) -> { }).run(new EvalJob.Request("djl", List.of("hidden-operator"),
        List.of(Path.of("..", "examples", "rows", "math.jsonl")), new PolicySpec.Djl(checkpoint)));

    List<String> lines = Files.readAllLines(out.dir().results());
    assertEquals(2 * 2 * (3 + 2), lines.size(), "2 environments x 1 pack x 2 samples x (3 solves + 2 updates)");
    for (String line : lines) {
      JsonNode e = JSON.readTree(line);
      assertTrue(e.path("turns").size() >= 1, "every episode carries its trajectory: " + line);
      assertTrue(e.path("turns").get(0).path("injected").asText().contains("<task>"), "the first turn holds the prompt");
      assertEquals("djl", e.path("eval_id").asText());
      assertTrue(e.has("pack") && e.has("sample") && e.has("rewards"));
    }
    JsonNode summary = JSON.readTree(out.dir().summaryJson().toFile());
    assertEquals(List.of("all", "hidden-operator", "file:math"), iterate(summary.path("metrics").fieldNames()));
    assertEquals(6, summary.path("metrics").path("file:math").path("solves").asInt());
    JsonNode all = summary.path("metrics").path("all");
    assertEquals(12, all.path("solves").asInt());
    assertEquals(8, all.path("updates").asInt());
    assertEquals(3, all.path("by_position").size());
    for (JsonNode p : all.path("by_position")) assertEquals(4, p.path("n").asInt());
    assertTrue(all.path("pass_at_k").has("1") && all.path("pass_at_k").has("2"), all.path("pass_at_k").toString());
    assertEquals(12, all.path("format_error_rate").path("n").asInt());
    assertTrue(summary.path("policy").asText().startsWith("djl:"), summary.path("policy").asText());
    assertTrue(out.policyCalls() >= 20, "at least one call per episode, got " + out.policyCalls());
    assertTrue(Files.readString(out.dir().summaryMarkdown()).contains("| position | n | success (95% CI) |"));
    for (String png : List.of("success-by-position.png", "reward-by-position.png")) {
      BufferedImage img = ImageIO.read(out.dir().plots().resolve(png).toFile());
      assertTrue(img.getWidth() > 100, png);
    }
  }
}
