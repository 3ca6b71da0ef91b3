package dev.perennial.agents.protocol;

import java.util.Optional;

/**
 * Reads the protocol out of model output. Total: any string (including null, huge or hostile ones)
 * gives a result, never an exception, and scanning is linear (indexOf only, no backtracking regex),
 * so a model cannot stall or crash an agent with what it writes. The first opening {@code <code>}
 * or {@code <answer>} tag decides what a turn is, because generation stops at the first closing tag.
 */
public final class TurnParser {
  private static final int MAX_TOOL_NAME = 64;

  private final ProtocolTags tags;
  private final String answerOpen;
  private final String answerClose;
  private final String codeOpen;
  private final String codeClose;
  private final String hintsOpen;
  private final String hintsClose;

  public TurnParser(ProtocolTags tags) {
    this.tags = tags;
    this.answerOpen = ProtocolTags.open(tags.answer());
    this.answerClose = ProtocolTags.close(tags.answer());
    this.codeOpen = "<" + tags.code();
    this.codeClose = ProtocolTags.close(tags.code());
    this.hintsOpen = ProtocolTags.open(tags.hints());
    this.hintsClose = ProtocolTags.close(tags.hints());
  }

  public ParsedTurn parse(String text) {
    if (text == null || text.isEmpty()) return new ParsedTurn.NoAction();
    try {
      return parseUnchecked(text);
    } catch (RuntimeException | StackOverflowError e) {
      return new ParsedTurn.MalformedCall("unreadable turn (" + e.getClass().getSimpleName() + ")");
    }
  }

  public ParsedHints parseHints(String text) {
    if (text == null) return ParsedHints.failed("no " + hintsOpen + " block");
    try {
      int open = text.indexOf(hintsOpen);
      if (open < 0) return ParsedHints.failed("no " + hintsOpen + " block");
      int start = open + hintsOpen.length();
      int close = text.indexOf(hintsClose, start);
      if (close < 0) return ParsedHints.failed("unclosed " + hintsOpen + " block (expected " + hintsClose + ")");
      String hints = text.substring(start, close).strip();
      if (hints.isEmpty()) return ParsedHints.failed("empty " + hintsOpen + " block");
      return ParsedHints.of(hints);
    } catch (RuntimeException | StackOverflowError e) {
      return ParsedHints.failed("unreadable hints (" + e.getClass().getSimpleName() + ")");
    }
  }

  private ParsedTurn parseUnchecked(String text) {
    int answerAt = text.indexOf(answerOpen);
    int codeAt = findCodeOpen(text);
    if (answerAt < 0 && codeAt < 0) return new ParsedTurn.NoAction();
    if (codeAt < 0 || (answerAt >= 0 && answerAt < codeAt)) return answer(text, answerAt);
    return toolCall(text, codeAt);
  }

  private ParsedTurn answer(String text, int answerAt) {
    int start = answerAt + answerOpen.length();
    int close = text.indexOf(answerClose, start);
    if (close < 0) return new ParsedTurn.Answer(text.substring(start).strip(), false);
    return new ParsedTurn.Answer(text.substring(start, close).strip(), true);
  }

  private ParsedTurn toolCall(String text, int codeAt) {
    int tagEnd = text.indexOf('>', codeAt);
    if (tagEnd < 0) return new ParsedTurn.MalformedCall("unterminated " + codeOpen + " tag (missing '>')");
    int close = text.indexOf(codeClose, tagEnd + 1);
    if (close < 0) return new ParsedTurn.MalformedCall("unclosed " + codeOpen + "> block (expected " + codeClose + ")");
    String attributes = text.substring(codeAt + codeOpen.length(), tagEnd);
    Optional<String> lang = attribute(attributes, tags.langAttribute());
    String tool = lang.orElse(tags.defaultLang()).strip();
    if (tool.isEmpty()) {
      return new ParsedTurn.MalformedCall("missing " + tags.langAttribute() + " attribute: write " + codeOpen + " "
          + tags.langAttribute() + "=\"tool\">");
    }
    if (!validToolName(tool)) {
      return new ParsedTurn.MalformedCall("invalid tool name '" + abbreviate(tool) + "'");
    }
    String body = text.substring(tagEnd + 1, close).strip();
    if (body.isEmpty()) return new ParsedTurn.MalformedCall("empty " + codeOpen + "> block");
    return new ParsedTurn.ToolCallRequest(tool, body);
  }

  /** Index of {@code <code} followed by '>' or whitespace (so {@code <codex>} is not a code block), or −1. */
  private int findCodeOpen(String text) {
    int from = 0;
    while (true) {
      int at = text.indexOf(codeOpen, from);
      if (at < 0) return -1;
      int next = at + codeOpen.length();
      if (next >= text.length()) return at; // "<code" at the very end: an unterminated tag
      char c = text.charAt(next);
      if (c == '>' || Character.isWhitespace(c)) return at;
      from = at + 1;
    }
  }

  /** Value of {@code name=…} in an attribute list: double-quoted, single-quoted or bare. */
  static Optional<String> attribute(String attributes, String name) {
    int i = 0;
    int n = attributes.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(attributes.charAt(i))) i++;
      int keyStart = i;
      while (i < n && !Character.isWhitespace(attributes.charAt(i)) && attributes.charAt(i) != '=') i++;
      String key = attributes.substring(keyStart, i);
      while (i < n && Character.isWhitespace(attributes.charAt(i))) i++;
      if (i >= n || attributes.charAt(i) != '=') {
        if (i == keyStart) i++; // stray character: skip it so the scan always advances
        continue;
      }
      i++;
      while (i < n && Character.isWhitespace(attributes.charAt(i))) i++;
      String value;
      if (i < n && (attributes.charAt(i) == '"' || attributes.charAt(i) == '\'')) {
        char quote = attributes.charAt(i);
        int end = attributes.indexOf(quote, i + 1);
        if (end < 0) end = n;
        value = attributes.substring(i + 1, end);
        i = Math.min(n, end + 1);
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(attributes.charAt(i))) i++;
        value = attributes.substring(start, i);
      }
      if (key.equals(name)) return Optional.of(value);
    }
    return Optional.empty();
  }

  static boolean validToolName(String name) {
    if (name.isEmpty() || name.length() > MAX_TOOL_NAME) return false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '+';
      if (!ok) return false;
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
