package dev.perennial.agents.prompt;

/** Keeps injected text within a budget: a small model's context is short and tool output can be huge. */
public final class TextCap {
  private TextCap() {}

  /** Cuts the middle out of {@code text} when it is longer than {@code max} characters, and says so. */
  public static String middle(String text, int max) {
    if (text == null) return "";
    if (max <= 0 || text.length() <= max) return text;
    String marker = "\n…[" + (text.length() - max) + " chars cut]…\n";
    if (max <= marker.length() + 2) return text.substring(0, max);
    int keep = max - marker.length();
    int head = keep / 2;
    int tail = keep - head;
    return text.substring(0, head) + marker + text.substring(text.length() - tail);
  }

  /** Keeps the first {@code max} characters. */
  public static String head(String text, int max) {
    if (text == null) return "";
    return max <= 0 || text.length() <= max ? text : text.substring(0, max);
  }
}
