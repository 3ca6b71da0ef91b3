package dev.perennial.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;

/**
 * Subject and reference measured in interleaved rounds: unmeasured warm-up pairs until the warm-up
 * time has passed (the JIT compiles both paths), then {@code rounds} pairs in ABBA order, so that
 * a drift of the machine's load hits both sides alike. Ratios are taken within each pair.
 */
public final class Paired {
  /** One measurement; throws whatever the measured job throws. */
  @FunctionalInterface
  public interface Measure {
    Timed run() throws Exception;
  }

  private final List<Timed> subject = new ArrayList<>();
  private final List<Timed> reference = new ArrayList<>();

  private Paired() {}

  public static Paired run(String name, int rounds, double warmupSeconds, Measure subject, Measure reference,
      BiFunction<Timed, Timed, String> describe) throws Exception {
    Paired p = new Paired();
    long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    int warmups = 0;
    do {
      Timed s = subject.run(), r = reference.run();
      System.out.printf("%s warm-up %d: %s%n", name, ++warmups, describe.apply(s, r));
    } while (System.nanoTime() < warmupEnd);
    for (int round = 0; round < rounds; round++) {
      Timed s, r;
      if (round % 4 == 0 || round % 4 == 3) {
        s = subject.run();
        r = reference.run();
      } else {
        r = reference.run();
        s = subject.run();
      }
      p.subject.add(s);
      p.reference.add(r);
      System.out.printf("%s round %d: %s%n", name, round + 1, describe.apply(s, r));
    }
    return p;
  }

  /** subject metric ÷ reference metric, pair by pair. */
  public Spread ratio(ToDoubleFunction<Timed> metric) {
    return combine((s, r) -> metric.applyAsDouble(s) / metric.applyAsDouble(r));
  }

  public Spread combine(ToDoubleBiFunction<Timed, Timed> f) {
    double[] v = new double[subject.size()];
    for (int i = 0; i < v.length; i++) v[i] = f.applyAsDouble(subject.get(i), reference.get(i));
    return Spread.of(v);
  }

  public Spread subject(ToDoubleFunction<Timed> metric) { return Spread.of(subject.stream().mapToDouble(metric).toArray()); }

  public Spread reference(ToDoubleFunction<Timed> metric) { return Spread.of(reference.stream().mapToDouble(metric).toArray()); }
}
