package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.learner.store.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading --policy and finding the checkpoint it names, with the errors a user sees. */
class PolicySpecTest {
  @TempDir Path dir;

  @Test
  void parsesTheThreeKindsAndRefusesTheRest() {
    assertEquals(new PolicySpec.Djl(Path.of("runs/x/checkpoints/latest")), PolicySpec.parse("djl:runs/x/checkpoints/latest", null));
    assertEquals(new PolicySpec.OpenAi("http://h:8000/v1", "m"), PolicySpec.parse("openai:http://h:8000/v1", "m"));
    assertEquals(PolicySpec.Expert.INSTANCE, PolicySpec.parse("expert", ""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("openai:http://h/v1", null))
        .getMessage().contains("needs --model"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("openai:h:8000", "m"))
        .getMessage().contains("http(s) base URL"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse("gpt4", null))
        .getMessage().contains("djl:<checkpoint dir>, openai:<base url> or expert"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse(null, null)).getMessage().contains("required"));
  }

  @Test
  void latestIsTheNewestCompleteVersionOfACheckpointsFolder() throws Exception {
    Path root = dir.resolve("checkpoints");
    fakeCheckpoint(root.resolve("v000001"), 1, true);
    fakeCheckpoint(root.resolve("v000002"), 2, true);
    fakeCheckpoint(root.resolve("v000003"), 3, false); // written, no manifest: not complete
    CheckpointDir latest = CheckpointDir.resolve(root.resolve("latest"));
    assertEquals(root.resolve("v000002").toAbsolutePath(), latest.dir());
    assertEquals(2, latest.version());
    assertEquals(latest, CheckpointDir.resolve(root));
    assertEquals(1, CheckpointDir.resolve(root.resolve("v000001")).version());
    IOException e = assertThrows(IOException.class, () -> CheckpointDir.resolve(dir.resolve("nothing")));
    assertTrue(e.getMessage().contains("config.json, model.safetensors and tokenizer.json"), e.getMessage());
  }

  private static void fakeCheckpoint(Path d, long version, boolean manifest) throws IOException {
    Files.createDirectories(d);
    for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) Files.writeString(d.resolve(f), "{}");
    if (manifest) new Manifest(version, version, "sha", 0, Map.of(), Map.of()).write(d);
  }
}
