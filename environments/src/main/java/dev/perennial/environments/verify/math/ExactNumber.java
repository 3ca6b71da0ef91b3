package dev.perennial.environments.verify.math;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An exact rational read from a plain numeric answer: integers, decimals, {@code a/b},
 * {@code \frac{a}{b}}, scientific forms ({@code 1.5e3}, {@code 1.5\times10^{3}}). Used before the
 * CAS so that numeric answers are compared exactly and cheaply: {@code 0.5 = \frac12} but
 * {@code 0.333 ≠ \frac13} and {@code 123456788 ≠ 123456789} (no relative tolerance).
 */
public record ExactNumber(BigInteger numerator, BigInteger denominator) {
  private static final String DEC = "[+-]?(?:\\d+\\.?\\d*|\\.\\d+)";
  private static final Pattern PLAIN = Pattern.compile(DEC);
  private static final Pattern SLASH = Pattern.compile("(" + DEC + ")/(" + DEC + ")");
  private static final Pattern FRAC = Pattern.compile("([+-]?)\\\\frac\\{(" + DEC + ")\\}\\{(" + DEC + ")\\}");
  private static final Pattern SCI_E = Pattern.compile("(" + DEC + ")[eE]([+-]?\\d{1,4})");
  private static final Pattern SCI_TIMES =
      Pattern.compile("(" + DEC + ")(?:\\\\times|\\\\cdot|\\*)10\\^(?:\\{([+-]?\\d{1,4})\\}|([+-]?\\d))");
  private static final int MAX_DIGITS = 2000;

  public ExactNumber {
    if (denominator.signum() == 0) throw new ArithmeticException("zero denominator");
    if (denominator.signum() < 0) { numerator = numerator.negate(); denominator = denominator.negate(); }
    BigInteger g = numerator.gcd(denominator);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) { numerator = numerator.divide(g); denominator = denominator.divide(g); }
  }

  /** Parses {@code text} (already normalised, spaces allowed) when it is a plain number. */
  public static Optional<ExactNumber> parse(String text) {
    if (text == null) return Optional.empty();
    String s = text.replace(" ", "");
    if (s.isEmpty() || s.length() > MAX_DIGITS) return Optional.empty();
    try {
      if (PLAIN.matcher(s).matches()) return Optional.of(decimal(s));
      Matcher m = SLASH.matcher(s);
      if (m.matches()) return divide(decimal(m.group(1)), decimal(m.group(2)));
      m = FRAC.matcher(s);
      if (m.matches()) {
        Optional<ExactNumber> q = divide(decimal(m.group(2)), decimal(m.group(3)));
        return m.group(1).equals("-") ? q.map(ExactNumber::negate) : q;
      }
      m = SCI_E.matcher(s);
      if (m.matches()) return Optional.of(decimal(m.group(1)).timesPowerOfTen(Integer.parseInt(m.group(2))));
      m = SCI_TIMES.matcher(s);
      if (m.matches()) {
        String exp = m.group(2) != null ? m.group(2) : m.group(3);
        return Optional.of(decimal(m.group(1)).timesPowerOfTen(Integer.parseInt(exp)));
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  public static ExactNumber of(long n) { return new ExactNumber(BigInteger.valueOf(n), BigInteger.ONE); }

  public ExactNumber negate() { return new ExactNumber(numerator.negate(), denominator); }

  public ExactNumber dividedBy(long d) { return new ExactNumber(numerator, denominator.multiply(BigInteger.valueOf(d))); }

  public boolean isInteger() { return denominator.equals(BigInteger.ONE); }

  public double toDouble() { return new BigDecimal(numerator).divide(new BigDecimal(denominator), java.math.MathContext.DECIMAL64).doubleValue(); }

  ExactNumber timesPowerOfTen(int k) {
    if (Math.abs(k) > 1000) throw new ArithmeticException("exponent too large");
    BigInteger p = BigInteger.TEN.pow(Math.abs(k));
    return k >= 0 ? new ExactNumber(numerator.multiply(p), denominator) : new ExactNumber(numerator, denominator.multiply(p));
  }

  private static ExactNumber decimal(String s) {
    BigDecimal d = new BigDecimal(s.endsWith(".") ? s.substring(0, s.length() - 1) : s);
    if (d.scale() <= 0) return new ExactNumber(d.toBigIntegerExact(), BigInteger.ONE);
    return new ExactNumber(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  private static Optional<ExactNumber> divide(ExactNumber a, ExactNumber b) {
    if (b.numerator.signum() == 0) return Optional.empty();
    return Optional.of(new ExactNumber(a.numerator.multiply(b.denominator), a.denominator.multiply(b.numerator)));
  }

  @Override
  public String toString() { return isInteger() ? numerator.toString() : numerator + "/" + denominator; }
}
