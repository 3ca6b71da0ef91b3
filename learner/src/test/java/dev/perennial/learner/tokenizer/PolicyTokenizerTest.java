package dev.perennial.learner.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTokenizerTest {
  static PolicyTokenizer tokenizer;

  @BeforeAll
  static void load() { tokenizer = PolicyTokenizer.bundled(); }

  @AfterAll
  static void close() { tokenizer.close(); }

  @Test
  void shippedTokenizerJsonMatchesTheDocumentedVocabulary() throws IOException {
    try (InputStream in = PolicyTokenizer.class.getResourceAsStream(CharVocabulary.RESOURCE)) {
      assertEquals(CharVocabulary.tokenizerJson(), new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "regenerate with CharVocabulary.main");
    }
    assertEquals(CharVocabulary.tokens().size(), tokenizer.size());
    assertEquals(0, tokenizer.eosId());
    assertEquals(1, tokenizer.id(CharVocabulary.PAD));
  }

  @Test
  void tagStructuredTextIsOneTokenPerCharacterAndRoundTrips() {
    String text = "<plan>guess k=0</plan><code lang=\"python\">print(7*3)</code>\n\t⊙ → x ≤ 3";
    int[] ids = tokenizer.encode(text);
    assertEquals(text.codePointCount(0, text.length()), ids.length);
    assertEquals(text, tokenizer.decode(ids));
    int[] stop = tokenizer.encode("</code>");
    assertEquals(7, stop.length);
  }

  @Test
  void charactersOutsideTheVocabularyFallBackToBytesAndStillRoundTrip() {
    String text = "日本 ü 🙂";
    int[] ids = tokenizer.encode(text);
    assertTrue(ids.length > text.codePointCount(0, text.length()));
    for (int id : ids) assertTrue(id >= 0 && id < tokenizer.size());
    assertEquals(text, tokenizer.decode(ids));
  }

  @Test
  void longTextIsNotTruncatedAndSpecialTokensAreRecognisedButNotDecoded() {
    String text = "abc ".repeat(2000);
    assertEquals(8000, tokenizer.encode(text).length);
    int[] ids = tokenizer.encode("hi<|endoftext|>");
    assertArrayEquals(new int[] {tokenizer.id("h"), tokenizer.id("i"), 0}, ids);
    assertEquals("hi", tokenizer.decode(ids));
  }

  @Test
  void loadsATokenizerJsonFromACheckpointDirectory(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("tokenizer.json"), tokenizer.json());
    try (PolicyTokenizer fromDir = PolicyTokenizer.load(dir)) {
      assertArrayEquals(tokenizer.encode("x → y"), fromDir.encode("x → y"));
    }
    assertThrows(IOException.class, () -> PolicyTokenizer.load(dir.resolve("missing")));
  }
}
