package dev.perennial.learner.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} loaded through DJL's tokenizers binding, used without
 * special tokens, truncation or padding: text in, exact ids out, and back. The bundled one is the
 * project's {@link CharVocabulary}; a real checkpoint's tokenizer.json loads the same way.
 * Thread-safe for encode/decode (the native tokenizer is immutable).
 */
public final class PolicyTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final byte[] json;
  private final Map<String, Integer> vocab;
  private final int size;

  private PolicyTokenizer(byte[] json) throws IOException {
    this.json = json;
    Map<String, String> options = new HashMap<>();
    options.put("addSpecialTokens", "false");
    options.put("truncation", "false");
    options.put("padding", "false");
    options.put("maxLength", String.valueOf(Integer.MAX_VALUE));
    this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    this.vocab = readVocabulary(json);
    this.size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
  }

  /** The project's character tokenizer shipped in this module's resources. */
  public static PolicyTokenizer bundled() {
    try (InputStream in = PolicyTokenizer.class.getResourceAsStream(CharVocabulary.RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + CharVocabulary.RESOURCE);
      return new PolicyTokenizer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code tokenizer.json} (a file, or the file inside a checkpoint directory). */
  public static PolicyTokenizer load(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    if (!Files.isRegularFile(file)) throw new IOException("no tokenizer.json at " + file);
    try {
      return new PolicyTokenizer(Files.readAllBytes(file));
    } catch (RuntimeException e) {
      throw new IOException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
    }
  }

  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = (int) ids[i];
    return out;
  }

  /** Text of {@code ids}, special tokens (end of sequence, padding) left out. */
  public String decode(int[] ids) { return decode(ids, 0, ids.length); }

  public String decode(int[] ids, int from, int to) {
    long[] l = new long[to - from];
    for (int i = from; i < to; i++) l[i - from] = ids[i];
    return tokenizer.decode(l, true);
  }

  /** One more than the largest id the tokenizer knows (added tokens included). */
  public int size() { return size; }

  /** The id of a token string, or -1. */
  public int id(String token) { return vocab.getOrDefault(token, -1); }

  /** End-of-sequence id: the first of the usual names the vocabulary has, or -1. */
  public int eosId() {
    for (String name : new String[] {CharVocabulary.EOS, "</s>", "<|im_end|>", "<|eot_id|>"}) {
      int id = id(name);
      if (id >= 0) return id;
    }
    return -1;
  }

  /** The tokenizer.json bytes, for writing next to a checkpoint. */
  public byte[] json() { return json.clone(); }

  private static Map<String, Integer> readVocabulary(byte[] json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    Map<String, Integer> vocab = new HashMap<>();
    JsonNode v = root.path("model").path("vocab");
    if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        vocab.put(e.getKey(), e.getValue().asInt());
      }
    }
    for (JsonNode t : root.path("added_tokens")) vocab.put(t.path("content").asText(), t.path("id").asInt());
    if (vocab.isEmpty()) throw new IOException("tokenizer.json has no vocabulary");
    return vocab;
  }

  @Override
  public void close() { tokenizer.close(); }
}
