package dev.perennial.environments.verify.code;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares a program's stdout with the expected output: line by line (trailing blank lines and
 * trailing spaces ignored), token by token; numeric tokens equal within 1e-6 (absolute, or relative
 * for large values), yes/no tokens case-insensitive, other tokens exact.
 */
public final class OutputMatch {
  private static final BigDecimal EPS = new BigDecimal("1e-6");

  private OutputMatch() {}

  /** Empty when equal, else the first difference. */
  public static String difference(String actual, String expected) {
    List<String> a = lines(actual);
    List<String> e = lines(expected);
    if (a.size() != e.size()) return "expected " + e.size() + " line(s), got " + a.size();
    for (int i = 0; i < a.size(); i++) {
      String[] ta = a.get(i).strip().split("\\s+");
      String[] te = e.get(i).strip().split("\\s+");
      if (ta.length != te.length) return "line " + (i + 1) + ": expected " + te.length + " token(s), got " + ta.length;
      for (int j = 0; j < ta.length; j++) {
        if (!tokenEqual(ta[j], te[j])) return "line " + (i + 1) + ": expected '" + clip(te[j]) + "', got '" + clip(ta[j]) + "'";
      }
    }
    return "";
  }

  static boolean tokenEqual(String a, String e) {
    if (a.equals(e)) return true;
    if (isYesNo(e) && a.equalsIgnoreCase(e)) return true;
    BigDecimal x = number(a);
    BigDecimal y = number(e);
    if (x == null || y == null) return false;
    BigDecimal diff = x.subtract(y).abs();
    BigDecimal scale = y.abs().max(BigDecimal.ONE);
    return diff.compareTo(EPS.multiply(scale)) <= 0;
  }

  private static boolean isYesNo(String s) {
    return s.equalsIgnoreCase("yes") || s.equalsIgnoreCase("no");
  }

  private static BigDecimal number(String s) {
    if (s.length() > 400 || s.isEmpty()) return null;
    char c = s.charAt(0);
    if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) return null;
    try {
      BigDecimal d = new BigDecimal(s);
      return Math.abs(d.scale()) > 10_000 ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static List<String> lines(String s) {
    List<String> out = new ArrayList<>(List.of((s == null ? "" : s).replace("\r\n", "\n").split("\n", -1)));
    while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) out.remove(out.size() - 1);
    return out;
  }

  private static String clip(String s) { return s.length() > 40 ? s.substring(0, 40) + "…" : s; }
}
