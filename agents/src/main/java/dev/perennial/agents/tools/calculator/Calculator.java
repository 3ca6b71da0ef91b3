package dev.perennial.agents.tools.calculator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates arithmetic exactly, over big rationals, with a hand-written recursive-descent parser
 * (nothing is ever handed to an interpreter). One statement per line or per {@code ;}; a statement
 * is an expression or {@code name = expression}, and names persist to later statements of the same
 * input. {@code #} starts a comment.
 *
 * <pre>
 * statement := [name '='] sum
 * sum       := product (('+' | '-') product)*
 * product   := unary (('*' | '/' | '//' | '%') unary)*
 * unary     := ('+' | '-') unary | power
 * power     := postfix (('^' | '**') unary)?          right-associative; -2^2 = -4
 * postfix   := primary '!'*
 * primary   := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
 * </pre>
 *
 * Results are exact: integers, or fractions in lowest terms shown with their decimal value.
 * Irrational results (sqrt(2), 2^(1/3)) are refused rather than rounded. Every intermediate
 * number is bounded ({@code maxDigits}), so no input can make it work for minutes.
 */
public final class Calculator {
  private final int maxDigits;
  private final long maxBits;
  private final int decimalPlaces;
  private final Functions functions;
  private final Map<String, Rational> variables = new HashMap<>();
  private String text;
  private static final int MAX_DEPTH = 200;
  private int pos;
  private int depth;

  public Calculator(int maxDigits, int decimalPlaces) {
    this.maxDigits = maxDigits;
    this.maxBits = (long) Math.ceil(maxDigits * 3.3219280948873626);
    this.decimalPlaces = decimalPlaces;
    this.functions = new Functions(this);
  }

  /** One output line per statement: its value, or "name = value" for an assignment. */
  public List<String> evaluate(String input) throws CalculatorException {
    text = input.replace('×', '*').replace('÷', '/').replace('−', '-').replace('–', '-');
    pos = 0;
    depth = 0;
    List<String> out = new ArrayList<>();
    while (true) {
      skipBlanks();
      if (pos >= text.length()) break;
      if (separator()) continue;
      out.add(statement());
      skipBlanks();
      if (pos < text.length() && !separator()) throw error("expected an operator or the end of the line");
    }
    if (out.isEmpty()) throw new CalculatorException("nothing to calculate: write an expression such as 2/3 + 1/6");
    return out;
  }

  private String statement() throws CalculatorException {
    int save = pos;
    String name = name();
    if (name != null) {
      skipBlanks();
      if (peek('=') && !peekAt(pos + 1, '=')) {
        pos++;
        if (functions.known(name)) throw error("'" + name + "' is a function and cannot be assigned");
        Rational v = sum();
        variables.put(name, v);
        return name + " = " + format(v);
      }
    }
    pos = save;
    return format(sum());
  }

  private Rational sum() throws CalculatorException {
    enter();
    try {
      return sumBody();
    } finally {
      depth--;
    }
  }

  /** Bounds the recursion, so that "((((…" or "----…1" is an error and not a stack overflow. */
  private void enter() throws CalculatorException {
    if (++depth > MAX_DEPTH) {
      depth = 0;
      throw error("the expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
    }
  }

  private Rational sumBody() throws CalculatorException {
    Rational v = product();
    while (true) {
      skipBlanks();
      if (eat('+')) v = check(v.add(product()));
      else if (eat('-')) v = check(v.subtract(product()));
      else return v;
    }
  }

  private Rational product() throws CalculatorException {
    Rational v = unary();
    while (true) {
      skipBlanks();
      int at = pos;
      if (peek('*') && !peekAt(pos + 1, '*')) {
        pos++;
        v = check(v.multiply(unary()));
      } else if (peek('/') && peekAt(pos + 1, '/')) {
        pos += 2;
        Rational n = v;
        Rational d = unary();
        v = check(Rational.of(arith(at, () -> n.divide(d)).floor()));
      } else if (eat('/')) {
        Rational n = v;
        Rational d = unary();
        v = check(arith(at, () -> n.divide(d)));
      } else if (eat('%')) {
        v = check(functions.mod(v, unary(), at));
      } else {
        return v;
      }
    }
  }

  private Rational unary() throws CalculatorException {
    skipBlanks();
    enter();
    try {
      if (eat('-')) return unary().negate();
      if (eat('+')) return unary();
      return power();
    } finally {
      depth--;
    }
  }

  private Rational power() throws CalculatorException {
    Rational base = postfix();
    skipBlanks();
    int at = pos;
    if (peek('*') && peekAt(pos + 1, '*')) {
      pos += 2;
    } else if (!eat('^')) {
      return base;
    }
    return check(functions.power(base, unary(), at));
  }

  private Rational postfix() throws CalculatorException {
    Rational v = primary();
    skipBlanks();
    while (peek('!') && !peekAt(pos + 1, '=')) {
      int at = pos++;
      v = check(functions.factorial(v, at));
      skipBlanks();
    }
    return v;
  }

  private Rational primary() throws CalculatorException {
    skipBlanks();
    if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == ';') {
      throw error("expected a number, a name or '(' but the expression ended");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      Rational v = sum();
      skipBlanks();
      if (!eat(')')) throw error("expected ')'");
      return v;
    }
    if (Character.isDigit(c) || c == '.') return number();
    int at = pos;
    String name = name();
    if (name == null) throw error("unexpected '" + c + "'");
    skipBlanks();
    if (eat('(')) {
      List<Rational> args = new ArrayList<>();
      skipBlanks();
      if (!eat(')')) {
        do {
          args.add(sum());
          skipBlanks();
        } while (eat(','));
        if (!eat(')')) throw error("expected ',' or ')' in the arguments of " + name);
      }
      return check(functions.call(name, args, at));
    }
    Rational v = variables.get(name);
    if (v == null) {
      throw errorAt(at, functions.known(name) ? "'" + name + "' is a function: call it as " + name + "(…)"
          : "unknown name '" + name + "'" + (variables.isEmpty() ? "" : " (defined: " + String.join(", ", variables.keySet()) + ")"));
    }
    return v;
  }

  private Rational number() throws CalculatorException {
    int start = pos;
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
    if (eat('.')) while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int save = pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) pos++;
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
      } else {
        pos = save;
      }
    }
    String literal = text.substring(start, pos).replace("_", "");
    try {
      BigDecimal d = new BigDecimal(literal);
      if (Math.abs((long) d.scale()) > maxDigits || d.precision() > maxDigits) {
        throw errorAt(start, "the number " + abbreviate(literal) + " is too large (more than " + maxDigits + " digits)");
      }
      return Rational.of(d);
    } catch (NumberFormatException e) {
      throw errorAt(start, "'" + abbreviate(literal) + "' is not a number");
    }
  }

  /** Rejects a value with more digits than allowed (checked after every operation). */
  Rational check(Rational v) throws CalculatorException {
    if (v.bits() > maxBits) throw new CalculatorException("result too large (more than " + maxDigits + " digits)");
    return v;
  }

  long maxBits() { return maxBits; }

  interface Op {
    Rational apply();
  }

  /** Runs an operation that may divide by zero, reporting it at {@code at}. */
  Rational arith(int at, Op op) throws CalculatorException {
    try {
      return op.apply();
    } catch (ArithmeticException e) {
      throw errorAt(at, e.getMessage());
    }
  }

  String format(Rational v) {
    if (v.isInteger()) return v.toString();
    if (v.terminates()) {
      BigDecimal exact = v.toDecimal(maxDigits).stripTrailingZeros();
      if (exact.scale() <= decimalPlaces) return v + " = " + exact.toPlainString();
    }
    return v + " ≈ " + v.toDecimal(decimalPlaces).toPlainString();
  }

  CalculatorException errorAt(int at, String message) {
    int l = 1;
    int start = 0;
    for (int i = 0; i < at && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        l++;
        start = i + 1;
      }
    }
    return new CalculatorException((text.indexOf('\n') >= 0 ? "line " + l + ", " : "") + "column " + (at - start + 1) + ": " + message);
  }

  private CalculatorException error(String message) {
    return errorAt(pos, message + (pos < text.length() && text.charAt(pos) != '\n' ? ", found '" + text.charAt(pos) + "'" : ""));
  }

  private String name() {
    if (pos >= text.length() || !(Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) return null;
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) pos++;
    return text.substring(start, pos);
  }

  private boolean separator() {
    return eat('\n') || eat(';');
  }

  private void skipBlanks() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r') pos++;
      else if (c == '#') while (pos < text.length() && text.charAt(pos) != '\n') pos++;
      else return;
    }
  }

  private boolean peek(char c) { return pos < text.length() && text.charAt(pos) == c; }

  private boolean peekAt(int i, char c) { return i < text.length() && text.charAt(i) == c; }

  private boolean eat(char c) {
    if (!peek(c)) return false;
    pos++;
    return true;
  }

  private static String abbreviate(String s) { return s.length() > 30 ? s.substring(0, 27) + "..." : s; }

}
