package dev.perennial.environments.verify.science;

import dev.perennial.environments.verify.math.ExactNumber;
import dev.perennial.environments.verify.math.LatexNormalizer;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with an optional unit ({@code 3.2 m/s}, {@code 2.0\times10^{-3}\,\mathrm{kg}},
 * {@code 450 nm}). Units that differ only by an SI prefix are converted ({@code km} vs {@code m});
 * other units must match exactly.
 */
public record Quantity(double value, String unit) {
  private static final Pattern NUMBER = Pattern.compile(
      "^\\s*([+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:\\s*[eE][+-]?\\d+|\\s*(?:\\\\times|\\\\cdot|×|\\*)\\s*10\\s*\\^\\s*\\{?\\s*[+-−]?\\s*\\d+\\s*\\}?)?)\\s*(.*)$");
  private static final Pattern POWER = Pattern.compile("(?:\\\\times|\\\\cdot|×|\\*)\\s*10\\s*\\^\\s*\\{?\\s*([+-−]?)\\s*(\\d+)\\s*\\}?");
  private static final Map<String, Double> PREFIX = Map.of(
      "k", 1e3, "M", 1e6, "G", 1e9, "m", 1e-3, "µ", 1e-6, "u", 1e-6, "n", 1e-9, "c", 1e-2, "p", 1e-12);
  private static final java.util.Set<String> BASE = java.util.Set.of(
      "m", "g", "s", "J", "N", "W", "Pa", "Hz", "V", "A", "C", "K", "mol", "L", "eV", "Ω", "F", "T", "Wb", "H");

  public static Optional<Quantity> parse(String text) {
    if (text == null || text.length() > 500) return Optional.empty();
    String s = text.replace("\\,", " ").replace("\\ ", " ").replace("~", " ").replace("$", "").strip();
    s = s.replaceAll("\\\\(?:text|mathrm|mbox|rm)\\s*\\{([^{}]*)\\}", " $1 ").replace("−", "-").strip();
    Matcher m = NUMBER.matcher(s);
    if (!m.matches()) {
      Optional<ExactNumber> exact = ExactNumber.parse(LatexNormalizer.normalize(s));
      return exact.map(e -> new Quantity(e.toDouble(), ""));
    }
    String num = m.group(1).replace(" ", "");
    double value;
    Matcher p = POWER.matcher(num);
    if (p.find()) {
      double mant = Double.parseDouble(num.substring(0, p.start()));
      int exp = Integer.parseInt(p.group(2)) * (p.group(1).isEmpty() || p.group(1).equals("+") ? 1 : -1);
      value = mant * Math.pow(10, exp);
    } else {
      value = Double.parseDouble(num);
    }
    String unit = m.group(2).replaceAll("[{}\\s]", "").replace("\\mu", "µ").replace("\\Omega", "Ω");
    if (unit.endsWith(".")) unit = unit.substring(0, unit.length() - 1);
    return Double.isFinite(value) ? Optional.of(new Quantity(value, unit)) : Optional.empty();
  }

  /** This value expressed in {@code targetUnit}, or empty when the units are not convertible. */
  public Optional<Double> in(String targetUnit) {
    if (unit.isEmpty() || targetUnit.isEmpty() || unit.equals(targetUnit)) return Optional.of(value);
    Optional<double[]> a = split(unit);
    Optional<double[]> b = split(targetUnit);
    if (a.isEmpty() || b.isEmpty()) return Optional.empty();
    if (!base(unit).equals(base(targetUnit))) return Optional.empty();
    return Optional.of(value * a.get()[0] / b.get()[0]);
  }

  private static Optional<double[]> split(String u) {
    if (BASE.contains(u)) return Optional.of(new double[] {1.0});
    if (u.length() > 1 && PREFIX.containsKey(u.substring(0, 1)) && BASE.contains(u.substring(1))) {
      return Optional.of(new double[] {PREFIX.get(u.substring(0, 1))});
    }
    return Optional.empty();
  }

  private static String base(String u) { return BASE.contains(u) ? u : u.substring(1); }
}
