package dev.perennial.environments.hiddenop;

import java.util.List;
import java.util.function.LongBinaryOperator;

/** The base expressions g(a, b) a hidden operator adds its constant to: a ⊙ b = g(a, b) ± k. */
public enum Family {
  PRODUCT("a*b", (a, b) -> a * b),
  SUM("a+b", (a, b) -> a + b),
  SQUARE_PLUS("a*a+b", (a, b) -> a * a + b),
  DOUBLE_PLUS("2*a+b", (a, b) -> 2 * a + b),
  PRODUCT_NEXT("a*(b+1)", (a, b) -> a * (b + 1));

  private final String expression;
  private final LongBinaryOperator op;

  Family(String expression, LongBinaryOperator op) {
    this.expression = expression;
    this.op = op;
  }

  /** g written in a and b, as python reads it. */
  public String expression() { return expression; }

  public long apply(long a, long b) { return op.applyAsLong(a, b); }

  /** The families in play at a difficulty: only a*b at 0, a*b and a+b at 1, all from 2. */
  public static List<Family> at(int difficulty) {
    if (difficulty == 0) return List.of(PRODUCT);
    if (difficulty == 1) return List.of(PRODUCT, SUM);
    return List.of(values());
  }
}
