package dev.perennial.agents.protocol;

import com.typesafe.config.Config;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tag names of the text protocol a policy writes and the runtime reads:
 * {@code <plan>…</plan>}, {@code <code lang="python">…</code>} (a tool call; the runtime answers with
 * {@code <interpreter>…</interpreter>}), {@code <reflect>…</reflect>}, {@code <answer>…</answer>},
 * and {@code <hints>…</hints>} for update-context episodes. Configurable under
 * {@code perennial.agents.protocol}.
 *
 * @param defaultLang tool used for a {@code <code>} block without a lang attribute; empty = such a block is malformed
 */
public record ProtocolTags(
    String plan, String code, String langAttribute, String defaultLang, String interpreter,
    String reflect, String answer, String hints) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

  public ProtocolTags {
    check("plan-tag", plan);
    check("code-tag", code);
    check("lang-attribute", langAttribute);
    check("interpreter-tag", interpreter);
    check("reflect-tag", reflect);
    check("answer-tag", answer);
    check("hints-tag", hints);
    if (!defaultLang.isEmpty() && !TurnParser.validToolName(defaultLang)) {
      throw new IllegalArgumentException("perennial.agents.protocol.default-lang: '" + defaultLang + "' is not a valid tool name");
    }
    if (List.of(code, interpreter, answer, hints).stream().distinct().count() != 4) {
      throw new IllegalArgumentException("perennial.agents.protocol: the code, interpreter, answer and hints tags must differ");
    }
  }

  public static ProtocolTags defaults() {
    return new ProtocolTags("plan", "code", "lang", "python", "interpreter", "reflect", "answer", "hints");
  }

  public static ProtocolTags from(Config c) {
    return new ProtocolTags(c.getString("plan-tag"), c.getString("code-tag"), c.getString("lang-attribute"),
        c.getString("default-lang"), c.getString("interpreter-tag"), c.getString("reflect-tag"),
        c.getString("answer-tag"), c.getString("hints-tag"));
  }

  public static String open(String tag) { return "<" + tag + ">"; }

  public static String close(String tag) { return "</" + tag + ">"; }

  /** Where a solve turn must stop: after a tool call or an answer, so the runtime can act. */
  public List<String> solveStops() { return List.of(close(code), close(answer)); }

  /** Where an update turn must stop: after the hints block. */
  public List<String> updateStops() { return List.of(close(hints)); }

  private static void check(String key, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException("perennial.agents.protocol." + key + ": '" + value
          + "' is not a tag name (letters, digits, '-' or '_', starting with a letter, at most 32)");
    }
  }
}
