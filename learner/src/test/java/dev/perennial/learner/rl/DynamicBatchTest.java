package dev.perennial.learner.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RL-SPEC §5 dynamic sampling. */
class DynamicBatchTest {
  @Test
  void zeroVarianceGroupsHaveNoSignalButAGroupOfOneHas() {
    assertFalse(DynamicSampling.hasSignal(new double[] {1, 1, 1, 1}));
    assertFalse(DynamicSampling.hasSignal(new double[] {0, 0}));
    assertFalse(DynamicSampling.hasSignal(new double[] {0.3, 0.1 + 0.2}));
    assertTrue(DynamicSampling.hasSignal(new double[] {1, 0, 1}));
    assertTrue(DynamicSampling.hasSignal(new double[] {0}));
  }

  @Test
  void codGroupHasSignalWhenRunsDifferSomewhere() {
    assertTrue(DynamicSampling.hasSignal(CodAdvantageTest.workedCase()));
    List<Rollout> same = new ArrayList<>(CodAdvantageTest.run("a", new double[] {1, 1}, new double[] {0}, 3));
    same.addAll(CodAdvantageTest.run("b", new double[] {1, 1}, new double[] {0}, 3));
    assertFalse(DynamicSampling.hasSignal(same));
    assertTrue(DynamicSampling.hasSignal(CodAdvantageTest.run("a", new double[] {1, 1}, new double[] {0}, 3)));
  }

  @Test
  void keepsGeneratingUntilTheBatchHoldsTheTargetGroups() {
    Iterator<List<double[]>> rounds = List.of(
        List.of(new double[] {1, 1}, new double[] {1, 0}),
        List.of(new double[] {0, 0}, new double[] {0, 0}),
        List.of(new double[] {0.5}, new double[] {0, 1}, new double[] {1, 0})).iterator();

    var batch = DynamicBatch.fill(3, 10, true, rounds::next, DynamicSampling::hasSignal);

    assertEquals(3, batch.groups().size());
    assertEquals(3, batch.rounds());
    assertEquals(4, batch.kept());
    assertEquals(3, batch.dropped());
    assertEquals(1, batch.surplus());
    assertEquals(4.0 / 7, batch.keptRatio(), 1e-12);
  }

  @Test
  void givesUpAfterMaxGenerationBatchesWithAClearError() {
    int[] calls = {0};
    var e = assertThrows(DynamicBatch.Exhausted.class, () -> DynamicBatch.fill(2, DynamicBatch.DEFAULT_MAX_ROUNDS, true,
        () -> {
          calls[0]++;
          return List.of(new double[] {1, 1, 1}, new double[] {0, 0, 0});
        }, DynamicSampling::hasSignal));
    assertEquals(10, calls[0]);
    assertTrue(e.getMessage().contains("tasks too easy or too hard"), e.getMessage());
    assertEquals(20, e.batch().dropped());
    assertEquals(10, e.batch().rounds());
  }

  @Test
  void withFilteringOffEveryGroupIsKept() {
    var batch = DynamicBatch.<double[]>empty(2, 1, false)
        .offer(List.of(new double[] {1, 1}, new double[] {0, 0}), DynamicSampling::hasSignal);
    assertTrue(batch.full());
    assertEquals(0, batch.dropped());
  }

  @Test
  void offeringToAFullBatchIsAnError() {
    var batch = DynamicBatch.<double[]>empty(1, 3, true).offer(List.of(new double[] {1, 0}), DynamicSampling::hasSignal);
    assertThrows(IllegalStateException.class, () -> batch.offer(List.of(), DynamicSampling::hasSignal));
  }
}
