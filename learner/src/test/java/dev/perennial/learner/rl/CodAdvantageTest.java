package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RL-SPEC §1 worked case: one pack of 3 tasks, 2 runs. */
class CodAdvantageTest {
  private static final double TOL = 1e-6;

  /** Episodes of one run in the order s0 u0 s1 u1 s2. */
  static List<Rollout> run(String runId, double[] r, double[] h, int tokens) {
    List<Rollout> out = new ArrayList<>();
    for (int i = 0; i < r.length; i++) {
      out.add(new Rollout("pack", runId, Rollout.Kind.SOLVE, i, r[i], tokens));
      if (i < h.length) out.add(new Rollout("pack", runId, Rollout.Kind.UPDATE, i, h[i], tokens));
    }
    return out;
  }

  static List<Rollout> workedCase() {
    List<Rollout> all = new ArrayList<>(run("run0", new double[] {0, 1, 1}, new double[] {0.0, -0.1}, 10));
    all.addAll(run("run1", new double[] {0, 0, 1}, new double[] {-0.1, 0.0}, 12));
    return all;
  }

  private static double[] estimate(ReturnMode mode) {
    return new CodAdvantage(mode).estimate(workedCase());
  }

  @Test
  void meanReturnsMatchTheTable() {
    var g0 = CodReturns.of(new double[] {0, 1, 1}, new double[] {0.0, -0.1}, new ReturnMode.Mean());
    var g1 = CodReturns.of(new double[] {0, 0, 1}, new double[] {-0.1, 0.0}, new ReturnMode.Mean());
    // order s0 s1 s2 / u0 u1
    assertArrayEquals(new double[] {0.666667, 1.0, 1.0}, g0.solve(), TOL);
    assertArrayEquals(new double[] {0.666667, 0.45}, g0.update(), TOL);
    assertArrayEquals(new double[] {0.333333, 0.50, 1.0}, g1.solve(), TOL);
    assertArrayEquals(new double[] {0.30, 0.50}, g1.update(), TOL);
  }

  @Test
  void meanAdvantagesMatchTheTable() {
    double[] a = estimate(new ReturnMode.Mean());
    // episode order s0 u0 s1 u1 s2, run 0 then run 1
    assertArrayEquals(new double[] {0.166667, 0.183333, 0.25, -0.025, 0,
        -0.166667, -0.183333, -0.25, 0.025, 0}, a, TOL);
  }

  @Test
  void discountedHalfMatchesTheSpec() {
    double[] a = estimate(new ReturnMode.Discounted(0.5));
    assertArrayEquals(new double[] {0.25, 0.30, 0.50, -0.05, 0, -0.25, -0.30, -0.50, 0.05, 0}, a, TOL);
  }

  @Test
  void slidingWindowOfOneMatchesTheSpec() {
    double[] a = estimate(new ReturnMode.SlidingWindowMean(1));
    assertArrayEquals(new double[] {0, 0.05, 0.5, -0.05, 0, 0, -0.05, -0.5, 0.05, 0}, a, TOL);
  }

  @Test
  void updateIsNeverCreditedWithEarlierTasks() {
    double[] r = {1, 0, 0};
    assertArrayEquals(new double[] {-0.1, 0, 0}, CodReturns.updateRewardsToGo(r, new double[] {-0.1, 0}, 0), 0);
    assertArrayEquals(new double[] {0, 0}, CodReturns.solveRewardsToGo(r, 1), 0);
  }

  @Test
  void resultDoesNotDependOnRolloutOrder() {
    List<Rollout> shuffled = new ArrayList<>(workedCase());
    Collections.shuffle(shuffled, new Random(7));
    double[] a = new CodAdvantage(new ReturnMode.Mean()).estimate(shuffled);
    double[] expected = estimate(new ReturnMode.Mean());
    List<Rollout> original = workedCase();
    for (int i = 0; i < shuffled.size(); i++) {
      assertEquals(expected[original.indexOf(shuffled.get(i))], a[i], 1e-12);
    }
  }

  @Test
  void groupsHaveSeparateBaselines() {
    List<Rollout> both = new ArrayList<>(workedCase());
    for (Rollout r : workedCase()) {
      both.add(new Rollout("other", r.runId(), r.kind(), r.position(), 1 - r.reward(), r.tokens()));
    }
    double[] a = new CodAdvantage(new ReturnMode.Mean()).estimate(both);
    double[] first = estimate(new ReturnMode.Mean());
    for (int i = 0; i < first.length; i++) assertEquals(first[i], a[i], 1e-12);
  }

  @Test
  void partialRunIsRejectedWithItsName() {
    List<Rollout> all = workedCase();
    all.remove(3);   // run0 u1
    var e = assertThrows(IllegalArgumentException.class, () -> new CodAdvantage(new ReturnMode.Mean()).estimate(all));
    assertTrue(e.getMessage().contains("run0") && e.getMessage().contains("update"), e.getMessage());
  }

  @Test
  void runsOfDifferentPackSizesInOneGroupAreRejected() {
    List<Rollout> all = new ArrayList<>(run("a", new double[] {0, 1, 1}, new double[] {0, 0}, 1));
    all.addAll(run("b", new double[] {0, 1}, new double[] {0}, 1));
    var e = assertThrows(IllegalArgumentException.class, () -> new CodAdvantage(new ReturnMode.Mean()).estimate(all));
    assertTrue(e.getMessage().contains("same pack"), e.getMessage());
  }

  @Test
  void duplicateEpisodeIsRejected() {
    List<Rollout> all = workedCase();
    all.add(all.get(0));
    assertThrows(IllegalArgumentException.class, () -> new CodAdvantage(new ReturnMode.Mean()).estimate(all));
  }

  @Test
  void returnModesAreNamedAndValidated() {
    assertEquals(new ReturnMode.Discounted(0.5), ReturnMode.named("discounted", 0.5, 3));
    assertEquals(new ReturnMode.SlidingWindowMean(3), ReturnMode.named("sliding-window-mean", 0.5, 3));
    assertThrows(IllegalArgumentException.class, () -> ReturnMode.named("median", 0.5, 3));
    assertThrows(IllegalArgumentException.class, () -> new ReturnMode.Discounted(1.5));
    assertThrows(IllegalArgumentException.class, () -> new ReturnMode.SlidingWindowMean(0));
  }
}
