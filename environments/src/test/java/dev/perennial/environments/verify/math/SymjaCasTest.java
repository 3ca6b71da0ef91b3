package dev.perennial.environments.verify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SymjaCasTest {
  static final SymjaCas CAS = SymjaCas.shared(2);

  @Test
  void concurrentCallersGetCorrectAnswers() throws Exception {
    String[][] cases = {{"\\sqrt{8}", "2\\sqrt{2}", "EQUAL"}, {"(x-1)(x+1)", "x^2-1", "EQUAL"}, {"\\frac{\\pi}{2}", "\\frac{\\pi}{3}", "NOT_EQUAL"},
        {"x^2", "x^3", "NOT_EQUAL"}, {"\\log_2 8", "3", "EQUAL"}, {"e^{i\\pi}", "-1", "EQUAL"}};
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 96; i++) {
        String[] c = cases[i % cases.length];
        results.add(pool.submit(() -> CAS.compare(c[0], c[1], Duration.ofSeconds(10)).outcome().name().equals(c[2])));
      }
      for (Future<Boolean> f : results) assertTrue(f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aComparisonPastItsLimitIsStoppedAndTheEnginesStayUsable() {
    long t0 = System.nanoTime();
    CasVerdict slow = CAS.compare("(x+1)^{450}(x+3)^{40}", "(x+2)^{490}", Duration.ofMillis(150));
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(CasVerdict.Outcome.UNDECIDED, slow.outcome(), slow.reason());
    // stopped near its 150 ms limit; unbounded, the expansion runs for minutes (10 s leaves room for a loaded machine)
    assertTrue(seconds < 10, "took " + seconds);
    assertTrue(CAS.compare("\\frac{1}{2}", "\\frac{2}{4}", Duration.ofSeconds(5)).isEqual());
  }
}
