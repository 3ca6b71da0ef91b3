package dev.perennial.environments.verify.math;

import dev.perennial.environments.verify.extract.AnswerExtractor;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rewrites a LaTeX answer into one canonical spelling before any comparison: math delimiters,
 * {@code \left}/{@code \right} and spacing dropped; {@code \dfrac}/{@code \tfrac} → {@code \frac};
 * the shorthands {@code \frac12}, {@code \sqrt2} braced; {@code \text{…}}-style wrappers unwrapped;
 * degrees, dollar signs, trailing unit words and thousands separators ({@code 1,234},
 * {@code 1{,}234}, {@code 1\,234}) removed; {@code x = 3} and {@code x \in [2,5]} reduced to their
 * right-hand side. {@code %} is kept (the comparison decides what it means). Runs in time linear in
 * the input (the callers cap its length).
 */
public final class LatexNormalizer {
  private LatexNormalizer() {}

  private static final String[] DROP = {
      "\\displaystyle", "\\textstyle", "\\!", "\\,", "\\;", "\\:", "\\>", "\\$", "$", "{,}"};
  private static final Pattern SIZING = Pattern.compile("\\\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![a-zA-Z])\\.?");
  private static final String[] WRAPPERS = {
      "\\textbf", "\\textit", "\\textrm", "\\textnormal", "\\text", "\\mbox", "\\mathrm", "\\mathbf",
      "\\mathit", "\\boldsymbol", "\\mathbb"};
  private static final String[][] SYMBOLS = {
      {"\\dfrac", "\\frac"}, {"\\tfrac", "\\frac"}, {"\\cfrac", "\\frac"}, {"^{\\circ}", ""}, {"^\\circ", ""},
      {"\\circ", ""}, {"\\degree", ""}, {"°", ""}, {"\\%", "%"}, {"−", "-"}, {"×", "\\times "}, {"·", "\\cdot "},
      {"π", "\\pi "}, {"∞", "\\infty "}, {"√", "\\sqrt"}, {"≤", "\\le "}, {"≥", "\\ge "}, {"\\leq", "\\le"},
      {"\\geq", "\\ge"}, {"∪", "\\cup "}, {"\\quad", " "}, {"\\qquad", " "}, {"\\ ", " "}, {"~", " "},
      {"\\lbrace", "\\{"}, {"\\rbrace", "\\}"}, {"\\emptyset", "\\varnothing"}};
  private static final Pattern FRAC_DIGITS = Pattern.compile("\\\\frac\\s*(\\d)\\s*(\\d)");
  private static final Pattern FRAC_DIGIT_BRACE = Pattern.compile("\\\\frac\\s*(\\d)\\s*\\{");
  private static final Pattern FRAC_BRACE_DIGIT = Pattern.compile("\\\\frac\\{([^{}]{0,200})\\}\\s*(\\d)");
  private static final Pattern SQRT_DIGIT = Pattern.compile("\\\\sqrt\\s*(\\d)");
  private static final Pattern ASSIGNED = Pattern.compile(
      "^(?:[a-zA-Z](?:_\\{?[a-zA-Z0-9]{1,6}\\}?)?'?|\\\\[a-zA-Z]{2,12}|[a-zA-Z]\\([a-zA-Z]\\))\\s*(?:=|\\\\in)\\s*");
  private static final Pattern THOUSANDS = Pattern.compile("-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");
  private static final Set<String> UNITS = Set.of(
      "cm", "mm", "km", "m", "meter", "meters", "metre", "metres", "inch", "inches", "in", "ft", "foot", "feet",
      "yd", "yard", "yards", "mile", "miles", "kg", "g", "mg", "gram", "grams", "kilogram", "kilograms", "lb",
      "lbs", "pound", "pounds", "oz", "ounce", "ounces", "s", "sec", "second", "seconds", "min", "minute",
      "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
      "years", "dollar", "dollars", "cent", "cents", "unit", "units", "degree", "degrees", "radian", "radians",
      "l", "liter", "liters", "litre", "litres", "ml", "mph", "kmh", "km/h", "m/s", "sq", "square", "cubic",
      "people", "students", "times", "ways", "points", "percent", "cm^2", "m^2", "cm^3", "m^3", "units^2");

  public static String normalize(String raw) {
    if (raw == null) return "";
    String s = stripDelimiters(raw.strip());
    for (String[] r : SYMBOLS) s = s.replace(r[0], r[1]);
    s = SIZING.matcher(s).replaceAll("");
    for (String d : DROP) s = s.replace(d, "");
    for (String w : WRAPPERS) s = unwrap(s, w);
    s = FRAC_DIGITS.matcher(s).replaceAll("\\\\frac{$1}{$2}");
    s = FRAC_DIGIT_BRACE.matcher(s).replaceAll("\\\\frac{$1}{");
    s = FRAC_BRACE_DIGIT.matcher(s).replaceAll("\\\\frac{$1}{$2}");
    s = SQRT_DIGIT.matcher(s).replaceAll("\\\\sqrt{$1}");
    s = s.replaceAll("\\s+", " ").strip();
    s = stripTrailingPeriod(s);
    java.util.regex.Matcher assigned = ASSIGNED.matcher(s);
    if (assigned.lookingAt() && !(s.indexOf('=', assigned.end()) >= 0 && MathAnswer.splitTopLevel(s, ",").size() > 1)) {
      // "x = 6/2 = 3" keeps the last value; "a = 1, b = 2" (several assignments) is left whole
      s = s.substring(assigned.end());
      int lastEq = topLevelLastEquals(s);
      if (lastEq >= 0) s = s.substring(lastEq + 1).strip();
    }
    s = stripUnits(s);
    if (THOUSANDS.matcher(s).matches()) s = s.replace(",", "");
    return s.strip();
  }

  private static String stripDelimiters(String s) {
    boolean changed = true;
    while (changed && s.length() >= 2) {
      changed = false;
      for (String[] d : new String[][] {{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}}) {
        if (s.length() >= d[0].length() + d[1].length() && s.startsWith(d[0]) && s.endsWith(d[1])) {
          s = s.substring(d[0].length(), s.length() - d[1].length()).strip();
          changed = true;
          break;
        }
      }
    }
    return s;
  }

  /** Replaces {@code \cmd{content}} by its content (brace-matched); an unbalanced one is left as is. */
  static String unwrap(String s, String cmd) {
    int from = 0;
    StringBuilder out = null;
    int copied = 0;
    while (true) {
      int i = s.indexOf(cmd, from);
      if (i < 0) break;
      int j = i + cmd.length();
      while (j < s.length() && s.charAt(j) == ' ') j++;
      boolean nameEnds = j >= s.length() || !Character.isLetter(s.charAt(i + cmd.length()));
      if (!nameEnds || j >= s.length() || s.charAt(j) != '{') { from = i + cmd.length(); continue; }
      int close = AnswerExtractor.matchingBrace(s, j);
      if (close < 0) break;
      if (out == null) out = new StringBuilder(s.length());
      out.append(s, copied, i).append(' ').append(s, j + 1, close).append(' ');
      copied = close + 1;
      from = close + 1;
    }
    if (out == null) return s;
    return out.append(s.substring(copied)).toString();
  }

  private static String stripTrailingPeriod(String s) {
    while (s.endsWith(".") && !s.endsWith("..")) s = s.substring(0, s.length() - 1).strip();
    return s;
  }

  private static int topLevelLastEquals(String s) {
    int depth = 0;
    int last = -1;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' || c == '(' || c == '[') depth++;
      else if (c == '}' || c == ')' || c == ']') depth--;
      else if (c == '=' && depth == 0) last = i;
    }
    return last;
  }

  /** Drops trailing unit words ("5 cm", "12 square units") when something numeric-looking precedes them. */
  static String stripUnits(String s) {
    String out = s;
    while (true) {
      int sp = out.lastIndexOf(' ');
      if (sp <= 0) break;
      String last = out.substring(sp + 1).toLowerCase(Locale.ROOT);
      if (!UNITS.contains(last)) break;
      out = out.substring(0, sp).strip();
    }
    String glued = out.replaceFirst("^(-?[0-9.]+)\\s*([a-zA-Z]{2,}(?:\\^[23])?)$", "$1|$2");
    int bar = glued.indexOf('|');
    if (bar > 0 && UNITS.contains(glued.substring(bar + 1).toLowerCase(Locale.ROOT))) out = glued.substring(0, bar);
    return out;
  }
}
