package dev.perennial.agents.tools.calculator;

/** A calculation that cannot be done, with the column it happened at (1-based, 0 = whole input). */
final class CalculatorException extends Exception {
  CalculatorException(String message) { super(message); }
}
