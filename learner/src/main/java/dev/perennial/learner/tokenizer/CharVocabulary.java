package dev.perennial.learner.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The project's character-level vocabulary, written as a Hugging Face {@code tokenizer.json} so it
 * loads through the same path as any real tokenizer.
 *
 * <p>Ids: 0 {@code <|endoftext|>} (end of sequence), 1 {@code <|pad|>}, 2–257 the byte tokens
 * {@code <0x00>}…{@code <0xFF>}, then newline, tab, printable ASCII (space … ~) and the
 * {@link #SYMBOLS} that task texts use. It is a BPE model with no merges and
 * {@code byte_fallback}: every listed character is one token, and any other character becomes the
 * byte tokens of its UTF-8 encoding, so no text is ever unknown and decoding restores it exactly.
 * Regenerate the shipped file with {@code CharVocabulary.main(path)} after changing the lists; a test
 * checks that the file and this class agree.
 */
public final class CharVocabulary {
  public static final String EOS = "<|endoftext|>";
  public static final String PAD = "<|pad|>";
  public static final String RESOURCE = "/dev/perennial/learner/tokenizer/tokenizer.json";

  /** Non-ASCII symbols that get their own token (others fall back to bytes). */
  public static final String SYMBOLS =
      "⊙→←↑↓↔⇒⇔×÷−±≤≥≠≈∞√∑∏∫∂∈∉∀∃∧∨¬∘⊕⊗·•…–—°²³½¼¾✓✗█░▒■□▲▼◆●○★☆‘’“”«»§ℓ"
          + "αβγδεθλμπσφωΔΘΣΩ⌊⌋⌈⌉⟨⟩";

  private CharVocabulary() {}

  /** Token strings in id order. */
  public static List<String> tokens() {
    List<String> tokens = new ArrayList<>();
    tokens.add(EOS);
    tokens.add(PAD);
    for (int b = 0; b < 256; b++) tokens.add(String.format("<0x%02X>", b));
    Set<String> chars = new LinkedHashSet<>();
    chars.add("\n");
    chars.add("\t");
    for (char c = ' '; c <= '~'; c++) chars.add(String.valueOf(c));
    SYMBOLS.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
    tokens.addAll(chars);
    return tokens;
  }

  public static String tokenizerJson() {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    List<String> tokens = tokens();
    for (int id = 0; id < 2; id++) {
      ObjectNode t = added.addObject();
      t.put("id", id);
      t.put("content", tokens.get(id));
      t.put("single_word", false);
      t.put("lstrip", false);
      t.put("rstrip", false);
      t.put("normalized", false);
      t.put("special", true);
    }
    root.putNull("normalizer");
    root.putNull("pre_tokenizer");
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "Sequence");
    ArrayNode decoders = decoder.putArray("decoders");
    decoders.addObject().put("type", "ByteFallback");
    decoders.addObject().put("type", "Fuse");
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", true);
    model.put("ignore_merges", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int id = 0; id < tokens.size(); id++) vocab.put(tokens.get(id), id);
    model.putArray("merges");
    try {
      return json.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes tokenizer.json to the given path (default: the resource in this source tree). */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "learner/src/main/resources" + RESOURCE);
    Files.createDirectories(out.getParent());
    Files.writeString(out, tokenizerJson());
    System.out.println("wrote " + out + " (" + tokens().size() + " tokens)");
  }
}
