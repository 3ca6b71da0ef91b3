package dev.perennial.environments.verify.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogicVerifierTest {
  static final String ZEBRA_TRUTH = "{\"header\": [\"House\", \"Name\", \"Pet\"], \"rows\": [[\"1\", \"Alice\", \"cat\"], [\"2\", \"Bob\", \"dog\"]]}";

  @Test
  void zebraScoresFractionOfCellsIgnoringHeader() {
    ZebraVerifier z = new ZebraVerifier();
    var all = z.verify("<answer>{\"header\": [\"x\"], \"rows\": [[\"1\", \"alice\", \"CAT\"], [\"2\", \"Bob\", \"dog\"]]}</answer>", ZEBRA_TRUTH, Map.of());
    assertEquals(1.0, all.score());
    assertTrue(all.success());
    var half = z.verify("<answer>{\"rows\": [[\"1\", \"Bob\", \"cat\"], [\"2\", \"Alice\", \"dog\"]]}</answer>", ZEBRA_TRUTH, Map.of());
    assertEquals(4.0 / 6, half.score(), 1e-9);
    assertFalse(half.success());
    assertEquals(0.0, z.verify("<answer>{\"header\": [\"House\"]}</answer>", ZEBRA_TRUTH, Map.of()).score());
    assertEquals(0.0, z.verify("no answer", ZEBRA_TRUTH, Map.of()).score());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[\"Alice\", \"Bob\", \"Carol\"]   | [\"alice\", \"bob\", \"carol\"] | true",
      "['ALICE', 'Bob', 'carol']         | [\"Alice\", \"Bob\", \"Carol\"] | true",
      "Alice, Bob, Carol                 | [\"Alice\", \"Bob\", \"Carol\"] | true",
      "[\"Bob\", \"Alice\", \"Carol\"]   | [\"Alice\", \"Bob\", \"Carol\"] | false",
      "[\"Alice\", \"Bob\"]              | [\"Alice\", \"Bob\", \"Carol\"] | false",
  })
  void orderingIsExactCaseInsensitiveOnBothSides(String answer, String truth, boolean expected) {
    assertEquals(expected, new OrderingVerifier().verify("<answer>" + answer + "</answer>", truth, Map.of()).success());
  }

  @Test
  void graphPathIsCaseAndSpaceInsensitive() {
    GraphPathVerifier g = new GraphPathVerifier();
    assertTrue(g.verify("\\boxed{a -> B -> c}", "A->B->C", Map.of()).success());
    assertFalse(g.verify("\\boxed{A->C}", "A->B->C", Map.of()).success());
    assertFalse(g.verify("\\boxed{}", "A->B->C", Map.of()).success());
  }

  @Test
  void arcNeedsTheExactGridAndNeverAcceptsEmpty() {
    ArcGridVerifier arc = new ArcGridVerifier();
    String truth = "[[0, 1], [1, 0]]";
    assertTrue(arc.verify("<answer>[[0,1],[1,0]]</answer>", truth, Map.of()).success());
    assertTrue(arc.verify("<answer>\n0 1\n1 0\n</answer>", truth, Map.of()).success());
    assertTrue(arc.verify("<answer>01\n10</answer>", truth, Map.of()).success());
    assertFalse(arc.verify("<answer>[[0,1],[1,1]]</answer>", truth, Map.of()).success());
    assertFalse(arc.verify("<answer>[[0,1]]</answer>", truth, Map.of()).success());
    assertFalse(arc.verify("<answer></answer>", truth, Map.of()).success());
    assertFalse(arc.verify("the grid is [[0,1],[1,0]]", truth, Map.of()).success());
    assertFalse(arc.verify("<answer>[]</answer>", "[]", Map.of()).success());
  }
}
