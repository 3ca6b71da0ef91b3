package dev.perennial.agents.tools.calculator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** An exact rational number in lowest terms with a positive denominator. */
record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
  static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

  Rational {
    if (den.signum() == 0) throw new ArithmeticException("division by zero");
    if (den.signum() < 0) {
      num = num.negate();
      den = den.negate();
    }
    BigInteger g = num.gcd(den);
    if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
      num = num.divide(g);
      den = den.divide(g);
    }
  }

  static Rational of(BigInteger n) { return new Rational(n, BigInteger.ONE); }

  static Rational of(long n) { return of(BigInteger.valueOf(n)); }

  static Rational of(BigDecimal d) {
    return d.scale() <= 0
        ? of(d.toBigIntegerExact())
        : new Rational(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
  }

  boolean isInteger() { return den.equals(BigInteger.ONE); }

  int signum() { return num.signum(); }

  Rational add(Rational o) { return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den)); }

  Rational subtract(Rational o) { return add(o.negate()); }

  Rational multiply(Rational o) { return new Rational(num.multiply(o.num), den.multiply(o.den)); }

  Rational divide(Rational o) {
    if (o.signum() == 0) throw new ArithmeticException("division by zero");
    return new Rational(num.multiply(o.den), den.multiply(o.num));
  }

  Rational negate() { return new Rational(num.negate(), den); }

  Rational abs() { return signum() < 0 ? negate() : this; }

  /** Largest integer not above this (floor), as Python's {@code //} uses. */
  BigInteger floor() {
    BigInteger[] qr = num.divideAndRemainder(den);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  BigInteger ceil() { return floor().add(isInteger() ? BigInteger.ZERO : BigInteger.ONE); }

  /** Integer power; the caller bounds the exponent so that the result stays a sane size. */
  Rational pow(int e) {
    if (e >= 0) return new Rational(num.pow(e), den.pow(e));
    if (signum() == 0) throw new ArithmeticException("division by zero (0 to a negative power)");
    return new Rational(den.pow(-e), num.pow(-e));
  }

  /** Bits of the larger of numerator and denominator: the size that the limits check. */
  long bits() { return Math.max(num.bitLength(), den.bitLength()); }

  BigDecimal toDecimal(int places) {
    return new BigDecimal(num).divide(new BigDecimal(den), places, RoundingMode.HALF_EVEN);
  }

  /** True when the decimal expansion ends (the denominator has no prime factors but 2 and 5). */
  boolean terminates() {
    BigInteger d = den;
    BigInteger two = BigInteger.TWO;
    BigInteger five = BigInteger.valueOf(5);
    while (d.mod(two).signum() == 0) d = d.divide(two);
    while (d.mod(five).signum() == 0) d = d.divide(five);
    return d.equals(BigInteger.ONE);
  }

  @Override
  public int compareTo(Rational o) { return num.multiply(o.den).compareTo(o.num.multiply(den)); }

  @Override
  public String toString() { return isInteger() ? num.toString() : num + "/" + den; }
}
