package dev.perennial.environments.verify.extract;

/**
 * Finds the final answer of a response as VERIFIERS.md defines it: the content of the last
 * {@code \boxed{…}} / {@code \fbox{…}} (brace-matched) or of the last {@code <answer>…</answer>}
 * (multi-line), whichever ends later, searched after the last {@code </think>}. A {@code \boxed}
 * inside the answer tag is unwrapped. Every scan is linear in the input, so a 1 MB response or
 * 100k nested braces cost milliseconds; an unbalanced last {@code \boxed{} yields no answer rather
 * than a guess.
 */
public final class AnswerExtractor {
  private AnswerExtractor() {}

  /** The text after the last {@code </think>} (the whole text when there is none). */
  public static String afterThink(String response) {
    if (response == null) return "";
    int i = response.lastIndexOf("</think>");
    return i < 0 ? response : response.substring(i + "</think>".length());
  }

  /** Last boxed answer or last answer tag, whichever ends later. */
  public static Extraction finalAnswer(String response) {
    String text = afterThink(response);
    Extraction tag = lastTag(text, "answer");
    Extraction box = lastBoxed(text);
    Extraction chosen;
    if (tag.found() && box.found()) chosen = tag.end() >= box.end() ? tag : box;
    else if (tag.found()) chosen = tag;
    else if (box.found()) chosen = box;
    else return Extraction.none(firstNonEmpty(box.problem(), tag.problem(), "no \\boxed{} or <answer> found"));
    if (chosen == tag) {
      Extraction inner = lastBoxed(tag.answer());
      if (inner.found()) return Extraction.of(inner.answer().strip(), tag.end());
    }
    return Extraction.of(chosen.answer().strip(), chosen.end());
  }

  /** Content of the last {@code \boxed{…}} or {@code \fbox{…}}; {@code \boxed 5} (no brace) takes one token. */
  public static Extraction lastBoxed(String text) {
    if (text == null) return Extraction.none("no response");
    int at = Math.max(text.lastIndexOf("\\boxed"), text.lastIndexOf("\\fbox"));
    if (at < 0) return Extraction.none("no \\boxed{} found");
    int i = at + (text.startsWith("\\boxed", at) ? 6 : 5);
    if (i < text.length() && text.charAt(i) == '{') {
      int close = matchingBrace(text, i);
      if (close < 0) return Extraction.none("unbalanced \\boxed{");
      return Extraction.of(text.substring(i + 1, close), close + 1);
    }
    if (i < text.length() && text.charAt(i) == ' ') {
      int start = i;
      while (start < text.length() && text.charAt(start) == ' ') start++;
      int end = start;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '$') end++;
      if (end > start) return Extraction.of(text.substring(start, end), end);
    }
    return Extraction.none("\\boxed without content");
  }

  /** Content of the last {@code <tag>…</tag>} (attributes on the opening tag allowed). */
  public static Extraction lastTag(String text, String tag) {
    if (text == null) return Extraction.none("no response");
    String close = "</" + tag + ">";
    int end = text.lastIndexOf(close);
    if (end < 0) {
      return text.contains("<" + tag) ? Extraction.none("unclosed <" + tag + ">") : Extraction.none("no <" + tag + "> found");
    }
    int open = lastOpening(text, tag, end);
    if (open < 0) return Extraction.none("</" + tag + "> without opening tag");
    int contentStart = text.indexOf('>', open) + 1;
    return Extraction.of(text.substring(contentStart, end), end + close.length());
  }

  /**
   * Index of the brace closing the one at {@code open}, or −1. {@code \{} and {@code \}} are
   * literal braces in LaTeX and do not count.
   */
  public static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') { i++; continue; }
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return i;
    }
    return -1;
  }

  private static int lastOpening(String text, String tag, int before) {
    int from = before;
    while (from >= 0) {
      int i = text.lastIndexOf("<" + tag, from);
      if (i < 0) return -1;
      int next = i + tag.length() + 1;
      if (next < text.length() && (text.charAt(next) == '>' || text.charAt(next) == ' ')
          && text.indexOf('>', i) >= 0 && text.indexOf('>', i) < before) return i;
      from = i - 1;
    }
    return -1;
  }

  private static String firstNonEmpty(String... xs) {
    for (String x : xs) if (x != null && !x.isEmpty() && !x.startsWith("no ")) return x;
    return xs[xs.length - 1];
  }
}
