package dev.perennial.environments.verify.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * JSON value equality as the simulation domain defines it: object key order is free, list order
 * matters, numbers compare by value ({@code 42 == 42.0}), everything else exactly. Also reads
 * Python literals leniently ({@code True}, {@code None}, single quotes, tuples) without evaluating
 * anything.
 */
public final class JsonValues {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_DEPTH = 200;
  private static final int MAX_CHARS = 200_000;
  private static final int MAX_DIGITS = 1_000;

  private JsonValues() {}

  public static boolean equal(JsonNode a, JsonNode b) {
    return equal(a, b, 0);
  }

  private static boolean equal(JsonNode a, JsonNode b, int depth) {
    if (a == null || b == null || depth > MAX_DEPTH) return false;
    if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) return false;
      Iterator<Map.Entry<String, JsonNode>> it = a.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!b.has(e.getKey()) || !equal(e.getValue(), b.get(e.getKey()), depth + 1)) return false;
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) return false;
      for (int i = 0; i < a.size(); i++) if (!equal(a.get(i), b.get(i), depth + 1)) return false;
      return true;
    }
    return a.equals(b);
  }

  /** Parses JSON, or failing that a Python literal (rewritten token by token, never evaluated). */
  public static Optional<JsonNode> parseLenient(String text) {
    if (text == null) return Optional.empty();
    String s = text.strip();
    // bounds first: Jackson 2.13 has no read limits, and a million-digit number parses in quadratic time
    if (s.isEmpty() || s.length() > MAX_CHARS || nesting(s) > MAX_DEPTH || longestDigitRun(s) > MAX_DIGITS) return Optional.empty();
    try {
      return Optional.ofNullable(JSON.readTree(s));
    } catch (IOException | RuntimeException notJson) {
      try {
        return Optional.ofNullable(JSON.readTree(PythonLiteral.toJson(s)));
      } catch (IOException | RuntimeException notPython) {
        return Optional.empty();
      }
    }
  }

  private static int longestDigitRun(String s) {
    int run = 0;
    int max = 0;
    for (int i = 0; i < s.length(); i++) {
      run = Character.isDigit(s.charAt(i)) ? run + 1 : 0;
      max = Math.max(max, run);
    }
    return max;
  }

  /** Deepest bracket nesting, so that hostile input never reaches the recursive parser. */
  public static int nesting(String s) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[' || c == '{' || c == '(') max = Math.max(max, ++depth);
      else if (c == ']' || c == '}' || c == ')') depth--;
    }
    return max;
  }
}
