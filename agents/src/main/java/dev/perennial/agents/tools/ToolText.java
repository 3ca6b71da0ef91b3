package dev.perennial.agents.tools;

/** Helpers for the text a tool hands back to the model, which must stay short. */
public final class ToolText {
  private ToolText() {}

  /**
   * {@code text} cut to at most about {@code maxChars} characters by dropping its middle (the
   * beginning and the end of an output are what a model needs most), with a note saying how much
   * was dropped.
   */
  public static String capMiddle(String text, int maxChars) {
    if (text.length() <= maxChars) return text;
    int head = maxChars / 2;
    int tail = maxChars - head;
    // never split a surrogate pair
    if (Character.isHighSurrogate(text.charAt(head - 1))) head--;
    int tailStart = text.length() - tail;
    if (Character.isLowSurrogate(text.charAt(tailStart))) tailStart++;
    return text.substring(0, head) + "\n[... " + (tailStart - head) + " characters truncated from the middle ...]\n"
        + text.substring(tailStart);
  }

  /** "10 s", "1.5 s", "250 ms": a duration as a model reads it. */
  public static String seconds(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) return ms + " ms";
    return ms % 1000 == 0 ? (ms / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
