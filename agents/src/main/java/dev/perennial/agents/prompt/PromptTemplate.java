package dev.perennial.agents.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A prompt template with {@code {name}} placeholders, substituted in one pass so that a value
 * containing {@code {task}} (a model can write anything into its hints) is inserted verbatim and
 * never expanded. {@code {{} and {@code }}} write literal braces; a brace group that is not a
 * placeholder name ({@code {"a": 1}}) stays as written. A placeholder name the caller does not offer
 * is a configuration error reported when the template is read, not when the first prompt is built.
 */
public final class PromptTemplate {
  private sealed interface Part {}

  private record Literal(String text) implements Part {}

  private record Slot(String name) implements Part {}

  private final String source;
  private final List<Part> parts;

  private PromptTemplate(String source, List<Part> parts) {
    this.source = source;
    this.parts = List.copyOf(parts);
  }

  /** @param key config key, for the error message; @param allowed placeholder names this template may use */
  public static PromptTemplate parse(String key, String text, Set<String> allowed) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && text.startsWith("{{", i)) { literal.append('{'); i += 2; continue; }
      if (c == '}' && text.startsWith("}}", i)) { literal.append('}'); i += 2; continue; }
      if (c == '{') {
        int end = text.indexOf('}', i + 1);
        String name = end < 0 ? "" : text.substring(i + 1, end);
        if (isName(name)) {
          if (!allowed.contains(name)) {
            throw new IllegalArgumentException(key + ": unknown placeholder {" + name + "}; this template may use "
                + allowed.stream().sorted().map(n -> "{" + n + "}").toList());
          }
          if (literal.length() > 0) { parts.add(new Literal(literal.toString())); literal.setLength(0); }
          parts.add(new Slot(name));
          i = end + 1;
          continue;
        }
      }
      literal.append(c);
      i++;
    }
    if (literal.length() > 0) parts.add(new Literal(literal.toString()));
    return new PromptTemplate(text, parts);
  }

  /** Fills the template; a placeholder without a value renders empty. */
  public String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) out.append(l.text());
      else if (p instanceof Slot s) out.append(values.getOrDefault(s.name(), ""));
    }
    return out.toString();
  }

  public String source() { return source; }

  private static boolean isName(String s) {
    if (s.isEmpty() || s.length() > 32) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || c == '-' || (i > 0 && c >= '0' && c <= '9'))) return false;
    }
    return true;
  }
}
