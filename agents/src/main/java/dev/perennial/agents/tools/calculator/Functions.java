package dev.perennial.agents.tools.calculator;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;

/**
 * The calculator's operators and functions that need more than one line: powers and roots (exact
 * or refused), factorials and binomials (refused before they grow past the digit limit), and the
 * named functions. Every loop that grows a number checks its size on each step.
 */
final class Functions {
  private static final Set<String> NAMES = Set.of("abs", "sqrt", "root", "floor", "ceil", "round", "sign",
      "num", "den", "min", "max", "gcd", "lcm", "mod", "factorial", "comb", "perm");
  private static final Set<String> INEXACT = Set.of("exp", "log", "ln", "log10", "log2", "sin", "cos", "tan",
      "asin", "acos", "atan", "sinh", "cosh", "tanh", "pi", "e");

  private final Calculator calc;

  Functions(Calculator calc) { this.calc = calc; }

  boolean known(String name) { return NAMES.contains(name); }

  Rational call(String name, List<Rational> a, int at) throws CalculatorException {
    switch (name) {
      case "abs": return one(name, a, at).abs();
      case "sqrt": return power(one(name, a, at), new Rational(BigInteger.ONE, BigInteger.TWO), at);
      case "root": {
        two(name, a, at);
        return power(a.get(0), calc.arith(at, () -> Rational.ONE.divide(a.get(1))), at);
      }
      case "floor": return Rational.of(one(name, a, at).floor());
      case "ceil": return Rational.of(one(name, a, at).ceil());
      case "round": {
        if (a.isEmpty() || a.size() > 2) throw calc.errorAt(at, "round takes 1 or 2 arguments: round(x) or round(x, digits)");
        int places = a.size() == 2 ? smallInt(a.get(1), "round's digits", at) : 0;
        if (Math.abs(places) > 1000) throw calc.errorAt(at, "round's digits must be between -1000 and 1000");
        return round(a.get(0), places);
      }
      case "sign": return Rational.of(one(name, a, at).signum());
      case "num": return Rational.of(one(name, a, at).num());
      case "den": return Rational.of(one(name, a, at).den());
      case "min": return atLeastOne(name, a, at).stream().min(Rational::compareTo).orElseThrow();
      case "max": return atLeastOne(name, a, at).stream().max(Rational::compareTo).orElseThrow();
      case "gcd": {
        BigInteger g = BigInteger.ZERO;
        for (Rational r : atLeastOne(name, a, at)) g = g.gcd(integer(r, "gcd", at));
        return Rational.of(g);
      }
      case "lcm": {
        BigInteger l = BigInteger.ONE;
        for (Rational r : atLeastOne(name, a, at)) {
          BigInteger v = integer(r, "lcm", at).abs();
          l = v.signum() == 0 ? BigInteger.ZERO : l.divide(l.gcd(v).max(BigInteger.ONE)).multiply(v);
          calc.check(Rational.of(l));
        }
        return Rational.of(l);
      }
      case "mod": {
        two(name, a, at);
        return mod(a.get(0), a.get(1), at);
      }
      case "factorial": return factorial(one(name, a, at), at);
      case "comb": {
        two(name, a, at);
        return comb(a.get(0), a.get(1), at, false);
      }
      case "perm": {
        two(name, a, at);
        return comb(a.get(0), a.get(1), at, true);
      }
      default:
        throw calc.errorAt(at, INEXACT.contains(name)
            ? "'" + name + "' has no exact value; the calculator is exact (use python for approximations)"
            : "unknown function '" + name + "'; available: " + String.join(", ", NAMES.stream().sorted().toList()));
    }
  }

  /** a mod b with the sign of b, as in Python; defined for rationals too. */
  Rational mod(Rational a, Rational b, int at) throws CalculatorException {
    if (b.signum() == 0) throw calc.errorAt(at, "modulo by zero");
    Rational q = Rational.of(a.divide(b).floor());
    return a.subtract(b.multiply(q));
  }

  Rational power(Rational base, Rational exp, int at) throws CalculatorException {
    if (exp.isInteger()) return integerPower(base, exp.num(), at);
    if (exp.den().bitLength() > 10) throw calc.errorAt(at, "the root in this power is too high (" + exp.den() + ")");
    int q = exp.den().intValueExact();
    if (base.signum() < 0 && q % 2 == 0) throw calc.errorAt(at, "an even root of a negative number is not a real number");
    BigInteger rn = exactRoot(base.num().abs(), q);
    BigInteger rd = exactRoot(base.den(), q);
    if (rn == null || rd == null) {
      throw calc.errorAt(at, base + "^(" + exp + ") is irrational; the calculator only gives exact results (use python for approximations)");
    }
    Rational root = new Rational(base.signum() < 0 ? rn.negate() : rn, rd);
    return integerPower(root, exp.num(), at);
  }

  private Rational integerPower(Rational base, BigInteger e, int at) throws CalculatorException {
    if (base.signum() == 0) {
      if (e.signum() < 0) throw calc.errorAt(at, "division by zero (0 to a negative power)");
      return e.signum() == 0 ? Rational.ONE : Rational.ZERO;
    }
    if (base.abs().equals(Rational.ONE)) return base.signum() < 0 && e.testBit(0) ? base : Rational.ONE;
    if (e.bitLength() > 31 || (long) Math.max(base.bits() - 1, 1) * e.abs().longValue() > calc.maxBits()) {
      throw new CalculatorException("result too large: " + base + "^" + e + " has more digits than allowed");
    }
    return base.pow(e.intValue());
  }

  /** x rounded to {@code places} decimal places (negative: tens, hundreds, …), ties to even as in Python. */
  static Rational round(Rational x, int places) {
    Rational scale = Rational.of(BigInteger.TEN.pow(Math.abs(places)));
    Rational scaled = places >= 0 ? x.multiply(scale) : x.divide(scale);
    BigInteger floor = scaled.floor();
    int half = scaled.subtract(Rational.of(floor)).compareTo(new Rational(BigInteger.ONE, BigInteger.TWO));
    BigInteger r = half < 0 || (half == 0 && !floor.testBit(0)) ? floor : floor.add(BigInteger.ONE);
    return places >= 0 ? Rational.of(r).divide(scale) : Rational.of(r).multiply(scale);
  }

  Rational factorial(Rational v, int at) throws CalculatorException {
    BigInteger n = integer(v, "factorial", at);
    if (n.signum() < 0) throw calc.errorAt(at, "factorial of a negative number");
    if (n.bitLength() > 20) throw new CalculatorException("result too large: " + n + "! has more digits than allowed");
    BigInteger f = BigInteger.ONE;
    for (int i = 2; i <= n.intValue(); i++) {
      f = f.multiply(BigInteger.valueOf(i));
      calc.check(Rational.of(f));
    }
    return Rational.of(f);
  }

  private Rational comb(Rational nr, Rational kr, int at, boolean ordered) throws CalculatorException {
    BigInteger n = integer(nr, ordered ? "perm" : "comb", at);
    BigInteger k = integer(kr, ordered ? "perm" : "comb", at);
    if (n.signum() < 0 || k.signum() < 0) throw calc.errorAt(at, "comb and perm need non-negative integers");
    if (k.compareTo(n) > 0) return Rational.ZERO;
    if (!ordered && k.compareTo(n.subtract(k)) > 0) k = n.subtract(k);
    if (k.bitLength() > 31) throw new CalculatorException("result too large");
    BigInteger r = BigInteger.ONE;
    for (int i = 1; i <= k.intValue(); i++) {
      r = r.multiply(n.subtract(BigInteger.valueOf(i - 1)));
      if (!ordered) r = r.divide(BigInteger.valueOf(i));
      calc.check(Rational.of(r));
    }
    return Rational.of(r);
  }

  /** The exact q-th root of n ≥ 0, or null when n is not a perfect q-th power. */
  static BigInteger exactRoot(BigInteger n, int q) {
    if (n.signum() == 0 || n.equals(BigInteger.ONE)) return n;
    BigInteger bq = BigInteger.valueOf(q);
    BigInteger x = BigInteger.ONE.shiftLeft(n.bitLength() / q + 1);
    while (true) {
      BigInteger next = x.multiply(bq.subtract(BigInteger.ONE)).add(n.divide(x.pow(q - 1))).divide(bq);
      if (next.compareTo(x) >= 0) break;
      x = next;
    }
    return x.pow(q).equals(n) ? x : null;
  }

  private BigInteger integer(Rational r, String fn, int at) throws CalculatorException {
    if (!r.isInteger()) throw calc.errorAt(at, fn + " needs integers, got " + r);
    return r.num();
  }

  private int smallInt(Rational r, String what, int at) throws CalculatorException {
    BigInteger i = integer(r, what, at);
    if (i.bitLength() > 31) throw calc.errorAt(at, what + " is too large");
    return i.intValue();
  }

  private Rational one(String name, List<Rational> a, int at) throws CalculatorException {
    if (a.size() != 1) throw calc.errorAt(at, name + " takes 1 argument, got " + a.size());
    return a.get(0);
  }

  private void two(String name, List<Rational> a, int at) throws CalculatorException {
    if (a.size() != 2) throw calc.errorAt(at, name + " takes 2 arguments, got " + a.size());
  }

  private List<Rational> atLeastOne(String name, List<Rational> a, int at) throws CalculatorException {
    if (a.isEmpty()) throw calc.errorAt(at, name + " needs at least 1 argument");
    return a;
  }
}
