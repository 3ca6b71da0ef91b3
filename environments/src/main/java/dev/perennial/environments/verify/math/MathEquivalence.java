package dev.perennial.environments.verify.math;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two normalised answers: shape first ({@link MathAnswer}), then values. Plain numbers
 * are compared as exact rationals without the CAS; a value written with {@code %} may also stand
 * for a hundredth of itself ({@code 50\%} equals {@code 50} and {@code 0.5}), never the reverse
 * scaling of an unmarked number ({@code 300 ≠ 3}). Anything else goes to the CAS, with every
 * decimal literal rewritten as an exact fraction first, under the time limit. Answers too long or
 * too deeply nested for the CAS are equal only when their normalised text is.
 */
final class MathEquivalence {
  private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])(\\d+\\.\\d+|\\.\\d+)(?![\\d.])");
  private static final int MAX_ITEMS = 64;

  private final Supplier<SymjaCas> cas;
  private final Duration timeout;
  private final int maxChars;
  private final int maxDepth;

  MathEquivalence(Supplier<SymjaCas> cas, Duration timeout, int maxChars, int maxDepth) {
    this.cas = cas;
    this.timeout = timeout;
    this.maxChars = maxChars;
    this.maxDepth = maxDepth;
  }

  CasVerdict compare(String answer, String truth) {
    return compare(MathAnswer.parse(answer), MathAnswer.parse(truth));
  }

  private CasVerdict compare(MathAnswer a, MathAnswer t) {
    if (a instanceof MathAnswer.Scalar x && t instanceof MathAnswer.Scalar y) return scalar(x, y);
    if (a instanceof MathAnswer.Bracketed x && t instanceof MathAnswer.Bracketed y) {
      if (x.open() != y.open() || x.close() != y.close()) {
        return CasVerdict.notEqual("brackets differ: " + x.open() + x.close() + " vs " + y.open() + y.close());
      }
      return ordered(x.items(), y.items());
    }
    if (a instanceof MathAnswer.Unordered x && t instanceof MathAnswer.Unordered y) return unordered(x.items(), y.items());
    if (a instanceof MathAnswer.Union x && t instanceof MathAnswer.Union y) return unordered(x.parts(), y.parts());
    if (a instanceof MathAnswer.Unordered x && x.items().size() == 1 && t instanceof MathAnswer.Scalar) return compare(x.items().get(0), t);
    if (t instanceof MathAnswer.Unordered y && y.items().size() == 1 && a instanceof MathAnswer.Scalar) return compare(a, y.items().get(0));
    return CasVerdict.notEqual("different kinds of answer (" + kind(a) + " vs " + kind(t) + ")");
  }

  private CasVerdict ordered(List<MathAnswer> a, List<MathAnswer> t) {
    if (a.size() != t.size()) return CasVerdict.notEqual(a.size() + " items vs " + t.size());
    for (int i = 0; i < a.size(); i++) {
      CasVerdict v = compare(a.get(i), t.get(i));
      if (!v.isEqual()) return CasVerdict.notEqual("item " + (i + 1) + ": " + v.reason());
    }
    return CasVerdict.equal("every item equal");
  }

  private CasVerdict unordered(List<MathAnswer> a, List<MathAnswer> t) {
    if (a.size() != t.size()) return CasVerdict.notEqual(a.size() + " items vs " + t.size());
    if (a.size() > MAX_ITEMS) return CasVerdict.notEqual("more than " + MAX_ITEMS + " items");
    List<MathAnswer> left = new ArrayList<>(t);
    for (MathAnswer item : a) {
      int match = -1;
      for (int j = 0; j < left.size() && match < 0; j++) if (compare(item, left.get(j)).isEqual()) match = j;
      if (match < 0) return CasVerdict.notEqual("no match for an item (" + kind(item) + ")");
      left.remove(match);
    }
    return CasVerdict.equal("same items in any order");
  }

  private CasVerdict scalar(MathAnswer.Scalar a, MathAnswer.Scalar t) {
    String sa = a.tex().replace(" ", "");
    String st = t.tex().replace(" ", "");
    if (sa.isEmpty()) return CasVerdict.notEqual("empty answer");
    if (sa.equals(st) && a.percent() == t.percent()) return CasVerdict.equal("same text");
    Optional<ExactNumber> na = ExactNumber.parse(sa);
    Optional<ExactNumber> nt = ExactNumber.parse(st);
    if (na.isPresent() && nt.isPresent()) {
      for (ExactNumber x : candidates(na.get(), a.percent())) {
        for (ExactNumber y : candidates(nt.get(), t.percent())) {
          if (x.equals(y)) return CasVerdict.equal("equal numbers (" + x + ")");
        }
      }
      return CasVerdict.notEqual("different numbers (" + na.get() + " vs " + nt.get() + ")");
    }
    if (sa.equals(st)) return CasVerdict.equal("same text");
    if (tooComplex(sa) || tooComplex(st)) return CasVerdict.notEqual("too long or deep for the CAS, and the texts differ");
    CasVerdict v = cas.get().compare(exactDecimals(sa), exactDecimals(st), timeout);
    return v.outcome() == CasVerdict.Outcome.UNDECIDED ? CasVerdict.notEqual("not shown equal: " + v.reason()) : v;
  }

  private static List<ExactNumber> candidates(ExactNumber n, boolean percent) {
    return percent ? List.of(n, n.dividedBy(100)) : List.of(n);
  }

  private boolean tooComplex(String s) {
    if (s.length() > maxChars) return true;
    int depth = 0;
    int max = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{' || c == '(' || c == '[') max = Math.max(max, ++depth);
      else if (c == '}' || c == ')' || c == ']') depth--;
    }
    return max > maxDepth;
  }

  /** {@code 0.25} → {@code \frac{25}{100}} so the CAS works with exact values. */
  static String exactDecimals(String tex) {
    Matcher m = DECIMAL.matcher(tex);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      BigDecimal d = new BigDecimal(m.group(1));
      String frac = "\\frac{" + d.unscaledValue() + "}{1" + "0".repeat(d.scale()) + "}";
      m.appendReplacement(out, Matcher.quoteReplacement("{" + frac + "}"));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String kind(MathAnswer a) {
    if (a instanceof MathAnswer.Scalar) return "value";
    if (a instanceof MathAnswer.Bracketed b) return b.open() + "…" + b.close();
    if (a instanceof MathAnswer.Unordered) return "set";
    return "union";
  }
}
