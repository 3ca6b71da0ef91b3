package dev.perennial.environments.guru;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-math topics: fraction sums, linear equations, linear inequalities (answers in LaTeX, checked by the CAS-backed math verifier). */
final class MathTopics {
  static final String SOURCE = "math__perennial_generated";

  private MathTopics() {}

  static List<GuruTopic> all() { return List.of(new FractionSum(), new LinearEquation(), new Inequality()); }

  static String frac(long p, long q) {
    BigInteger g = BigInteger.valueOf(p).gcd(BigInteger.valueOf(q));
    long n = p / g.longValue();
    long d = q / g.longValue();
    if (d < 0) { n = -n; d = -d; }
    return d == 1 ? Long.toString(n) : (n < 0 ? "-" : "") + "\\frac{" + Math.abs(n) + "}{" + d + "}";
  }

  static final class FractionSum implements GuruTopic {
    private static final Pattern TERM = Pattern.compile("(\\d+)/(\\d+)");

    public String name() { return "fraction sum"; }

    public boolean recognizes(String p) { return p.startsWith("Add the fractions"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int terms = d == 0 ? 2 : 3;
      int maxDen = d == 0 ? 9 : 30;
      long num = 0;
      long den = 1;
      List<String> shown = new ArrayList<>();
      for (int i = 0; i < terms; i++) {
        long b = 2 + rng.nextInt(maxDen - 1);
        long a = 1 + rng.nextInt((int) b);
        shown.add(a + "/" + b);
        num = num * b + a * den;
        den = den * b;
      }
      return new GeneratedTask(SOURCE, "Add the fractions " + String.join(" + ", shown) + ". Give a reduced fraction.", frac(num, den));
    }

    public String program(String prompt) {
      StringBuilder sum = new StringBuilder("from fractions import Fraction as F\nprint(");
      Matcher m = TERM.matcher(prompt);
      boolean first = true;
      while (m.find()) {
        sum.append(first ? "" : " + ").append("F(").append(m.group(1)).append(", ").append(m.group(2)).append(")");
        first = false;
      }
      return sum.append(")").toString();
    }
  }

  static final class LinearEquation implements GuruTopic {
    private static final Pattern EQ = Pattern.compile("(-?\\d+)x \\+ (-?\\d+) = (-?\\d+)");

    public String name() { return "linear equation"; }

    public boolean recognizes(String p) { return p.startsWith("Solve for x:"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int range = d == 0 ? 9 : 50;
      long a = 2 + rng.nextInt(range);
      long b = rng.nextInt(2 * range + 1) - range;
      long c = rng.nextInt(4 * range + 1) - 2 * range;
      return new GeneratedTask(SOURCE, "Solve for x: " + a + "x + " + b + " = " + c + ".", "x = " + frac(c - b, a));
    }

    public String program(String prompt) {
      Matcher m = EQ.matcher(prompt);
      if (!m.find()) return "print('?')";
      return "from fractions import Fraction as F\nprint(F(" + m.group(3) + " - (" + m.group(2) + "), " + m.group(1) + "))";
    }
  }

  static final class Inequality implements GuruTopic {
    private static final Pattern INEQ = Pattern.compile("(\\d+)x \\+ (-?\\d+) (<|<=) (-?\\d+)");

    public String name() { return "linear inequality"; }

    public boolean recognizes(String p) { return p.startsWith("Find all real x with"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int range = d == 0 ? 9 : 40;
      long a = 2 + rng.nextInt(range);
      long b = rng.nextInt(2 * range + 1) - range;
      long c = rng.nextInt(2 * range + 1) - range;
      boolean strict = rng.nextBoolean();
      String truth = "(-\\infty, " + frac(c - b, a) + (strict ? ")" : "]");
      return new GeneratedTask(SOURCE, "Find all real x with " + a + "x + " + b + (strict ? " < " : " <= ") + c + ". Answer in interval notation.", truth);
    }

    public String program(String prompt) {
      Matcher m = INEQ.matcher(prompt);
      if (!m.find()) return "print('?')";
      String close = m.group(3).equals("<") ? ")" : "]";
      return "from fractions import Fraction as F\nv = F(" + m.group(4) + " - (" + m.group(2) + "), " + m.group(1) + ")\n"
          + "print('(-\\\\infty, ' + str(v) + '" + close + "')";
    }
  }
}
