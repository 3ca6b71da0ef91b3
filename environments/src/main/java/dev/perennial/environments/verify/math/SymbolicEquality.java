package dev.perennial.environments.verify.math;

import java.util.SplittableRandom;
import org.matheclipse.core.convert.VariablesSet;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.expression.F;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.form.tex.TeXParser;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;

/**
 * Decides whether two LaTeX expressions are mathematically equal, on the calling thread's Symja
 * engine (run it only inside {@link SymjaCas}, which bounds its time). Equal means: the simplified
 * difference is exactly 0; or, for a constant difference Symja cannot simplify (nested radicals),
 * it is 0 to 30 decimal places at 50-digit precision (values below 1e15 only); or, with free variables, the expanded
 * difference is 0 or it vanishes at three random rational points. Decimals were made exact
 * fractions by the caller, so a decimal approximation of an irrational number is never equal.
 */
final class SymbolicEquality {
  private static final double CONSTANT_EPS = 1e-30;
  private static final double MAX_NUMERIC_SCALE = 1e15;
  private static final double POINT_EPS = 1e-15;

  private SymbolicEquality() {}

  static CasVerdict compare(EvalEngine engine, String texA, String texB) {
    IExpr x = parse(texA);
    IExpr y = parse(texB);
    if (x == null) return CasVerdict.undecided("the answer is not a readable expression");
    if (y == null) return CasVerdict.undecided("the ground truth is not a readable expression");
    boolean eqX = x.isAST(S.Equal, 3);
    boolean eqY = y.isAST(S.Equal, 3);
    if (eqX || eqY) {
      if (eqX != eqY) return CasVerdict.notEqual("an equation compared with an expression");
      return equations(engine, (IAST) x, (IAST) y);
    }
    IExpr ex = engine.evaluate(x);
    IExpr ey = engine.evaluate(y);
    if (ex.equals(ey)) return CasVerdict.equal("identical after evaluation");
    if (!isAlgebraic(ex) || !isAlgebraic(ey)) return CasVerdict.notEqual("different values (" + ex + " vs " + ey + ")");
    IExpr d = engine.evaluate(F.Simplify(F.Subtract(ex, ey)));
    if (isZero(d)) return CasVerdict.equal("difference simplifies to 0");
    IAST vars = new VariablesSet(d).getVarList();
    if (vars.argSize() == 0) return constantDifference(engine, d, ex);
    IExpr expanded = engine.evaluate(F.Expand(F.Together(d)));
    if (isZero(expanded)) return CasVerdict.equal("difference expands to 0");
    return randomPoints(engine, d, vars);
  }

  private static CasVerdict equations(EvalEngine engine, IAST x, IAST y) {
    IExpr dx = F.Subtract(x.arg1(), x.arg2());
    IExpr dy = F.Subtract(y.arg1(), y.arg2());
    IExpr ratio = engine.evaluate(F.Simplify(F.Divide(dx, dy)));
    if (ratio.isNumber() && !ratio.isZero()) return CasVerdict.equal("equations are multiples of each other");
    return CasVerdict.notEqual("different equations");
  }

  /**
   * A constant difference Symja could not simplify to 0. An exact number is decisive; otherwise
   * (radicals, π) it must vanish to 1e-30 at 50 digits, which is only trusted for values below
   * 1e15, where 50 digits resolve 1e-30 absolutely.
   */
  private static CasVerdict constantDifference(EvalEngine engine, IExpr d, IExpr value) {
    if (d.isNumber() && d.isExactNumber()) return CasVerdict.notEqual("values differ by " + d);
    double diff = magnitude(engine, d);
    double size = magnitude(engine, value);
    if (Double.isNaN(diff) || Double.isNaN(size)) return CasVerdict.notEqual("values differ (" + d + ")");
    if (size > MAX_NUMERIC_SCALE) return CasVerdict.notEqual("not shown equal symbolically, and too large to check numerically");
    if (diff <= CONSTANT_EPS) return CasVerdict.equal("difference is 0 to 30 decimal places");
    return CasVerdict.notEqual("values differ by " + String.format("%.3g", diff));
  }

  private static CasVerdict randomPoints(EvalEngine engine, IExpr d, IAST vars) {
    SplittableRandom rng = new SplittableRandom(vars.toString().hashCode());
    int valid = 0;
    for (int point = 0; point < 3; point++) {
      org.matheclipse.core.interfaces.IASTAppendable rules = F.ListAlloc(vars.argSize());
      for (int i = 1; i <= vars.argSize(); i++) {
        long num = rng.nextLong(-997, 998);
        long den = rng.nextLong(7, 113);
        rules.append(F.Rule(vars.get(i), F.QQ(num == 0 ? 1 : num, den)));
      }
      double v = magnitude(engine, F.ReplaceAll(d, rules));
      if (Double.isNaN(v)) continue;
      if (v > POINT_EPS) return CasVerdict.notEqual("expressions differ at " + rules);
      valid++;
    }
    return valid >= 2
        ? CasVerdict.equal("difference vanishes at random points")
        : CasVerdict.undecided("could not evaluate the difference");
  }

  /** |value| at 50 digits, NaN when it is not a finite number. */
  private static double magnitude(EvalEngine engine, IExpr e) {
    IExpr n = engine.evaluate(F.N(F.Abs(e), F.ZZ(50)));
    if (!n.isNumber()) return Double.NaN;
    try {
      double v = n.evalDouble();
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (RuntimeException notReal) {
      return Double.NaN;
    }
  }

  private static boolean isZero(IExpr d) {
    if (d.isZero()) return true;
    if (d.isList()) {
      IAST list = (IAST) d;
      for (int i = 1; i <= list.argSize(); i++) if (!isZero(list.get(i))) return false;
      return list.argSize() > 0;
    }
    return false;
  }

  /** Infinities and indeterminate forms are only equal when identical (checked before). */
  private static boolean isAlgebraic(IExpr e) {
    return e.isFree(t -> t.isIndeterminate() || t.isDirectedInfinity() || t.isComplexInfinity() || t == S.$Aborted, true);
  }

  private static IExpr parse(String tex) {
    try {
      IExpr e = new TeXParser().parse(tex);
      if (e == null || !e.isFree(S.$Aborted, true)) return null;
      return e;
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }
}
