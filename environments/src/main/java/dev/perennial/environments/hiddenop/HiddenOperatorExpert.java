package dev.perennial.environments.hiddenop;

import dev.perennial.environments.Task;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ideal hidden-operator agent, by copying only. Without hints it guesses g(a, b) = a*b (the
 * prior of the environment; k is unknown) and runs {@code print(7*3)}. The update copies the
 * revealed example into a formula: feedback {@code Wrong: 7 ⊙ 3 = 24.} gives the hint
 * {@code a⊙b = a*b+24-7*3} (true for every a, b when the family is right, and no mental arithmetic
 * needed). With that hint the next solve substitutes its operands — {@code print(5*8+24-7*3)} —
 * and answers what python printed. From difficulty 1 the family named in the feedback replaces
 * a*b. It never reads the ground truth or the hidden rule.
 */
public final class HiddenOperatorExpert implements Expert {
  private static final Pattern OPERANDS = Pattern.compile("(-?\\d+)\\s*⊙\\s*(-?\\d+)");
  private static final Pattern HINT = Pattern.compile("a\\s*⊙\\s*b\\s*=\\s*([0-9ab+\\-*()\\s]{1,80})");
  private static final Pattern REVEALED = Pattern.compile("(?:Wrong|Correct): (-?\\d+) ⊙ (-?\\d+) = (-?\\d+)(?: \\(a⊙b = ([ab0-9+*()\\-]+)[+-]k\\))?");
  private static final String PRIOR = "a*b";

  @Override
  public SolveStep next(SolveView view) {
    Matcher m = OPERANDS.matcher(view.prompt());
    if (!m.find()) return new SolveStep.Answer("I cannot read the operands.", "0");
    String a = m.group(1);
    String b = m.group(2);
    if (!view.exchanges().isEmpty()) {
      String out = view.last().output().strip();
      String value = out.matches("-?\\d+") ? out : "0";
      return new SolveStep.Answer("The code printed " + out + ".", value);
    }
    Optional<String> formula = formula(view.hints());
    if (formula.isPresent()) {
      String code = "print(" + substitute(formula.get(), a, b) + ")";
      return new SolveStep.UseTool("Use the hint with a=" + a + ", b=" + b + ".", "python", code);
    }
    return new SolveStep.UseTool("No hints yet. Guess " + PRIOR + ".", "python", "print(" + substitute(PRIOR, a, b) + ")");
  }

  @Override
  public String hints(Task task, String previousHints, String lastAttemptSummary, String feedback) {
    Matcher m = REVEALED.matcher(feedback == null ? "" : feedback);
    if (!m.find()) return previousHints == null ? "" : previousHints;
    String g = m.group(4) != null ? m.group(4) : PRIOR;
    String atExample = substitute(g, m.group(1), m.group(2));
    if (topLevelSum(atExample)) atExample = "(" + atExample + ")";
    return "a⊙b = " + g + "+" + m.group(3) + "-" + atExample;
  }

  static Optional<String> formula(String hints) {
    if (hints == null) return Optional.empty();
    Matcher m = HINT.matcher(hints);
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }

  /** Replaces the variables a and b (not letters of longer words) by the operands. */
  static String substitute(String expr, String a, String b) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      boolean alone = (i == 0 || !Character.isLetter(expr.charAt(i - 1))) && (i + 1 == expr.length() || !Character.isLetter(expr.charAt(i + 1)));
      if (alone && c == 'a') out.append(wrap(a));
      else if (alone && c == 'b') out.append(wrap(b));
      else out.append(c);
    }
    return out.toString();
  }

  private static String wrap(String n) { return n.startsWith("-") ? "(" + n + ")" : n; }

  private static boolean topLevelSum(String e) {
    int depth = 0;
    for (int i = 0; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c == '(') depth++;
      else if (c == ')') depth--;
      else if (depth == 0 && i > 0 && (c == '+' || c == '-')) return true;
    }
    return false;
  }
}
