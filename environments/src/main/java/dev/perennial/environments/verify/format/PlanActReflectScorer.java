package dev.perennial.environments.verify.format;

import dev.perennial.environments.verify.FormatScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RITE's format reward for the Plan → Action → Reflection protocol (tags from {@link FormatTags},
 * defaults {@code <plan>}, {@code <code lang="…">}, {@code <reflect>}, {@code <answer>}). Any
 * {@code <interpreter>…</interpreter>} block is tool output and skipped. The rule, checked in this
 * order:
 * <ol>
 *   <li><b>−1, malformed tool call</b>: {@code malformedToolCalls > 0} (reported by the runtime), or
 *       a code block that is unclosed, nested in another, has no non-empty {@code lang} attribute,
 *       or has an empty body.</li>
 *   <li><b>−1, missing answer</b>: no closed, non-empty answer block.</li>
 *   <li><b>+1, well-formed</b>: a closed, non-empty plan block comes before the first code block
 *       and before the answer; every code block is followed by a closed, non-empty reflect block
 *       before the next code block or the answer; no plan/reflect/answer tag is left unclosed.</li>
 *   <li><b>0</b> otherwise (an answer and sound tool calls, but no plan, a tool call without a
 *       reflection after it, or a dangling plan/reflect tag).</li>
 * </ol>
 * Linear in the text.
 */
public final class PlanActReflectScorer implements FormatScorer {
  private final FormatTags tags;
  private final Pattern codeOpen;

  public PlanActReflectScorer(FormatTags tags) {
    this.tags = tags;
    this.codeOpen = Pattern.compile("^<" + tags.code() + "(\\s[^>]*)?>");
  }

  public PlanActReflectScorer() { this(FormatTags.DEFAULT); }

  private enum Kind { PLAN, CODE, REFLECT, ANSWER }

  private record Block(Kind kind, String body, boolean closed) {}

  @Override
  public FormatScore score(String responseText, int malformedToolCalls) {
    String text = withoutInterpreter(responseText == null ? "" : responseText);
    List<Block> blocks = new ArrayList<>();
    String codeProblem = scan(text, blocks);
    if (malformedToolCalls > 0) return new FormatScore(-1, malformedToolCalls + " malformed tool call(s)");
    if (codeProblem != null) return new FormatScore(-1, codeProblem);
    int answer = -1;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      if (b.kind() == Kind.ANSWER && b.closed() && !b.body().isBlank()) answer = i;
    }
    if (answer < 0) return new FormatScore(-1, "no closed, non-empty <" + tags.answer() + ">");
    for (Block b : blocks) {
      if (!b.closed()) return new FormatScore(0, "unclosed <" + tagOf(b.kind()) + ">");
    }
    int firstAct = answer;
    for (int i = 0; i < blocks.size(); i++) if (blocks.get(i).kind() == Kind.CODE) { firstAct = Math.min(firstAct, i); break; }
    boolean planFirst = false;
    for (int i = 0; i < firstAct; i++) {
      if (blocks.get(i).kind() == Kind.PLAN && !blocks.get(i).body().isBlank()) planFirst = true;
    }
    if (!planFirst) return new FormatScore(0, "no <" + tags.plan() + "> before the first action or answer");
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).kind() != Kind.CODE) continue;
      boolean reflected = false;
      for (int j = i + 1; j < blocks.size(); j++) {
        Kind k = blocks.get(j).kind();
        if (k == Kind.CODE || k == Kind.ANSWER) break;
        if (k == Kind.REFLECT && !blocks.get(j).body().isBlank()) { reflected = true; break; }
      }
      if (!reflected) return new FormatScore(0, "tool call " + (countCodes(blocks, i) + 1) + " has no <" + tags.reflect() + "> after it");
    }
    return new FormatScore(1, "well-formed plan/act/reflect/answer");
  }

  /** Collects blocks in order; returns a malformed-tool-call reason or null. */
  private String scan(String text, List<Block> out) {
    Matcher code = codeOpen.matcher(text);
    Finder closes = new Finder(text);
    Finder opens = new Finder(text);
    String codeClose = "</" + tags.code() + ">";
    int i = 0;
    while (true) {
      int lt = text.indexOf('<', i);
      if (lt < 0) return null;
      code.region(lt, Math.min(text.length(), lt + 400));
      if (code.lookingAt()) {
        int bodyStart = code.end();
        int close = text.indexOf(codeClose, bodyStart);
        if (close < 0) return "unclosed <" + tags.code() + "> block";
        String body = text.substring(bodyStart, close);
        if (body.contains("<" + tags.code() + ">") || body.contains("<" + tags.code() + " ")) return "nested <" + tags.code() + "> block";
        String lang = attribute(code.group(1), tags.langAttribute());
        if (lang.isBlank()) return "<" + tags.code() + "> without a " + tags.langAttribute() + " attribute";
        if (body.isBlank()) return "empty <" + tags.code() + "> block";
        out.add(new Block(Kind.CODE, body, true));
        i = close + codeClose.length();
        continue;
      }
      if (text.startsWith(codeClose, lt)) return codeClose + " without an opening tag";
      Kind kind = openingKind(text, lt);
      if (kind == null) { i = lt + 1; continue; }
      String open = "<" + tagOf(kind) + ">";
      String closeTag = "</" + tagOf(kind) + ">";
      int close = closes.next(closeTag, lt + open.length());
      int nextOpen = opens.next(open, lt + open.length());
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        out.add(new Block(kind, "", false));
        i = lt + open.length();
      } else {
        out.add(new Block(kind, text.substring(lt + open.length(), close), true));
        i = close + closeTag.length();
      }
    }
  }

  /** indexOf with memory: searches for one needle only move forward, so repeated calls stay linear overall. */
  private static final class Finder {
    private final String text;
    private final java.util.Map<String, int[]> last = new java.util.HashMap<>();

    Finder(String text) { this.text = text; }

    int next(String needle, int from) {
      int[] memo = last.get(needle);
      if (memo != null && memo[0] <= from && (memo[1] < 0 || memo[1] >= from)) return memo[1];
      int found = text.indexOf(needle, from);
      last.put(needle, new int[] {from, found});
      return found;
    }
  }

  private Kind openingKind(String text, int at) {
    if (text.startsWith("<" + tags.plan() + ">", at)) return Kind.PLAN;
    if (text.startsWith("<" + tags.reflect() + ">", at)) return Kind.REFLECT;
    if (text.startsWith("<" + tags.answer() + ">", at)) return Kind.ANSWER;
    return null;
  }

  private String tagOf(Kind k) {
    return switch (k) {
      case PLAN -> tags.plan();
      case CODE -> tags.code();
      case REFLECT -> tags.reflect();
      case ANSWER -> tags.answer();
    };
  }

  private static int countCodes(List<Block> blocks, int upTo) {
    int n = 0;
    for (int i = 0; i < upTo; i++) if (blocks.get(i).kind() == Kind.CODE) n++;
    return n;
  }

  private static String attribute(String attrs, String name) {
    if (attrs == null) return "";
    Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))").matcher(attrs);
    if (!m.find()) return "";
    return m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
  }

  private String withoutInterpreter(String text) {
    String open = "<" + tags.interpreter() + ">";
    String close = "</" + tags.interpreter() + ">";
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (true) {
      int o = text.indexOf(open, i);
      if (o < 0) { out.append(text, i, text.length()); break; }
      out.append(text, i, o);
      int c = text.indexOf(close, o + open.length());
      if (c < 0) break;
      i = c + close.length();
    }
    return out.toString();
  }
}
