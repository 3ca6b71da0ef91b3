package dev.perennial.environments.verify.math;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a normalised math answer, so that structure is compared before values: a scalar;
 * a bracketed list whose bracket types matter ({@code [1,2)} is an interval, {@code (1,2)} a tuple
 * or open interval); an unordered collection ({@code \{1,2\}}, a bare list {@code 1, 2}, or the
 * two values of {@code a \pm b}); a union of intervals (order-free).
 */
public sealed interface MathAnswer {
  /** A single value; {@code percent} when it was written with a % sign (which is removed). */
  record Scalar(String tex, boolean percent) implements MathAnswer {}

  /** {@code open}/{@code close} are one of ( [ and ) ]; items compared in order. */
  record Bracketed(char open, char close, List<MathAnswer> items) implements MathAnswer {}

  /** Compared as a set: order-free. */
  record Unordered(List<MathAnswer> items) implements MathAnswer {}

  /** {@code A \cup B \cup …}, order-free. */
  record Union(List<MathAnswer> parts) implements MathAnswer {}

  static MathAnswer parse(String normalized) {
    String s = normalized.strip();
    List<String> unionParts = splitTopLevel(s, "\\cup");
    if (unionParts.size() > 1) return new Union(unionParts.stream().map(MathAnswer::parse).toList());
    if (s.startsWith("\\{") && s.endsWith("\\}") && encloses(s, 2, s.length() - 2)) {
      String inner = s.substring(2, s.length() - 2).strip();
      if (inner.isEmpty()) return new Unordered(List.of());
      return new Unordered(splitTopLevel(inner, ",").stream().map(MathAnswer::parse).toList());
    }
    if (s.length() >= 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0
        && encloses(s, 1, s.length() - 1)) {
      List<String> items = splitTopLevel(s.substring(1, s.length() - 1), ",");
      if (items.size() > 1) {
        return new Bracketed(s.charAt(0), s.charAt(s.length() - 1), items.stream().map(MathAnswer::parse).toList());
      }
    }
    List<String> items = splitTopLevel(s, ",");
    if (items.size() > 1) return new Unordered(items.stream().map(MathAnswer::parse).toList());
    int pm = s.indexOf("\\pm");
    if (pm >= 0 && s.indexOf("\\pm", pm + 3) < 0) {
      String plus = s.substring(0, pm) + "+" + s.substring(pm + 3);
      String minus = s.substring(0, pm) + "-" + s.substring(pm + 3);
      return new Unordered(List.of(scalar(plus), scalar(minus)));
    }
    return scalar(s);
  }

  private static Scalar scalar(String s) {
    boolean percent = s.contains("%");
    return new Scalar(percent ? s.replace("%", "").strip() : s, percent);
  }

  /** True when the text between {@code from} and {@code to} is balanced on its own (the outer pair encloses all). */
  private static boolean encloses(String s, int from, int to) {
    int depth = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < to && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
        depth += s.charAt(i + 1) == '{' ? 1 : -1;
        i++;
      } else if (c == '{' || c == '(' || c == '[') depth++;
      else if (c == '}' || c == ')' || c == ']') depth--;
      if (depth < 0) return false;
    }
    return depth == 0;
  }

  /** Splits on {@code sep} outside any (), [], {} or \{ \} group. */
  static List<String> splitTopLevel(String s, String sep) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')) {
        depth += s.charAt(i + 1) == '{' ? 1 : -1;
        i++;
        continue;
      }
      if (c == '{' || c == '(' || c == '[') depth++;
      else if (c == '}' || c == ')' || c == ']') depth--;
      else if (depth == 0 && s.startsWith(sep, i)) {
        parts.add(s.substring(start, i).strip());
        start = i + sep.length();
        i = start - 1;
      }
    }
    parts.add(s.substring(start).strip());
    return parts;
  }
}
