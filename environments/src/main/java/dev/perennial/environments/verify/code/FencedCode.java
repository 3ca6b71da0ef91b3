package dev.perennial.environments.verify.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fenced code blocks of a markdown response ({@code ```python … ```}). The program to test is the
 * last block tagged python (or py / python3), else the last untagged block; blocks in other
 * languages are ignored. Linear scan; an unclosed fence is not a block.
 */
public final class FencedCode {
  private FencedCode() {}

  public record Block(String language, String code) {}

  public static List<Block> blocks(String text) {
    List<Block> out = new ArrayList<>();
    if (text == null) return out;
    int i = 0;
    while (true) {
      int open = text.indexOf("```", i);
      if (open < 0) break;
      int lineEnd = text.indexOf('\n', open + 3);
      if (lineEnd < 0) break;
      String lang = text.substring(open + 3, lineEnd).strip().toLowerCase(java.util.Locale.ROOT);
      int close = text.indexOf("```", lineEnd + 1);
      if (close < 0) break;
      out.add(new Block(lang, text.substring(lineEnd + 1, close)));
      i = close + 3;
    }
    return out;
  }

  public static Optional<String> lastPython(String text) {
    List<Block> blocks = blocks(text);
    for (int i = blocks.size() - 1; i >= 0; i--) {
      String lang = blocks.get(i).language();
      if (lang.equals("python") || lang.equals("py") || lang.equals("python3")) return Optional.of(blocks.get(i).code());
    }
    for (int i = blocks.size() - 1; i >= 0; i--) {
      if (blocks.get(i).language().isEmpty()) return Optional.of(blocks.get(i).code());
    }
    return Optional.empty();
  }
}
