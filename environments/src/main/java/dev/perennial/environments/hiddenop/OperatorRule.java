package dev.perennial.environments.hiddenop;

/**
 * A pack's hidden operator: a ⊙ b = g(a, b) + sign·k. {@link #form()} ("a*b-k") is what feedback
 * reveals from difficulty 1 on; k itself is never shown, only true values of examples.
 */
public record OperatorRule(Family family, int sign, int k) {
  public long apply(long a, long b) { return family.apply(a, b) + (long) sign * k; }

  public String form() { return family.expression() + (sign > 0 ? "+k" : "-k"); }

  public String describe() { return "a⊙b = " + family.expression() + (sign > 0 ? "+" : "-") + k; }
}
