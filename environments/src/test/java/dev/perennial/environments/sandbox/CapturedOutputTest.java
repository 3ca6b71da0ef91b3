package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapturedOutputTest {
  @TempDir Path dir;

  @Test
  void shortOutputIsReturnedWhole() throws Exception {
    Path f = Files.writeString(dir.resolve("out"), "hello\n");
    assertEquals("hello\n", CapturedOutput.read(f, 100, "stdout"));
  }

  @Test
  void longOutputKeepsHeadAndTailAndSaysWhatWasCut() throws Exception {
    Path f = Files.writeString(dir.resolve("out"), "HEAD" + "x".repeat(10_000) + "TAIL");
    String s = CapturedOutput.read(f, 100, "stdout");
    assertTrue(s.startsWith("HEAD") && s.endsWith("TAIL"), s);
    assertTrue(s.contains("9908 bytes of stdout truncated from the middle (10008 bytes in all)"), s);
  }

  @Test
  void neverSplitsAMultiByteCharacter() throws Exception {
    Path f = Files.writeString(dir.resolve("out"), "é".repeat(1000), StandardCharsets.UTF_8);
    String s = CapturedOutput.read(f, 101, "stdout");
    assertFalse(s.contains("\uFFFD"), s);
    assertTrue(s.startsWith("éé") && s.endsWith("éé"), s);
  }

  @Test
  void aMissingFileIsEmpty() {
    assertEquals("", CapturedOutput.read(dir.resolve("none"), 100, "stderr"));
  }
}
