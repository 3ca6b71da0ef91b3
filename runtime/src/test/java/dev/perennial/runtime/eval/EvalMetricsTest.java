package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pass@k, the slice metrics and the comparison's intervals, on numbers worked by hand. */
class EvalMetricsTest {

  @Test
  void passAtKIsTheUnbiasedEstimator() {
    assertEquals(0.4, PassAtK.estimate(5, 2, 1), 1e-12);           // c/n
    assertEquals(0.7, PassAtK.estimate(5, 2, 2), 1e-12);           // 1 - C(3,2)/C(5,2) = 1 - 3/10
    assertEquals(1 - 1.0 / 120, PassAtK.estimate(10, 3, 7), 1e-12); // 1 - C(7,7)/C(10,7)
    assertEquals(1.0, PassAtK.estimate(4, 2, 3), 1e-12);           // n - c < k: some sample must pass
    assertEquals(0.0, PassAtK.estimate(8, 0, 8), 1e-12);
    assertEquals(List.of(1, 2, 4, 6), PassAtK.ks(6));
    assertEquals(List.of(1), PassAtK.ks(1));
    assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(3, 1, 4));
  }

  @Test
  void sliceMetricsCountByPositionWithIntervals() {
    List<EpisodeRecord> eps = new ArrayList<>();
    // one pack (group g), two samples, two positions; sample 0 solves both, sample 1 only position 1
    eps.add(solve("a0", "g", 0, true, 1, 2, 1));
    eps.add(update("a0", "g", 0, true));
    eps.add(solve("a0", "g", 1, true, 1, 0, 0));
    eps.add(solve("a1", "g", 0, false, -1, 3, 2));
    eps.add(update("a1", "g", 0, false));
    eps.add(solve("a1", "g", 1, true, 0, 1, 0));
    SliceMetrics m = SliceMetrics.of(eps);
    assertEquals(1, m.packs());
    assertEquals(2, m.samplesPerPack());
    assertEquals(4, m.solves());
    assertEquals(0.5, m.curve().successAt(0), 1e-12);
    assertEquals(1.0, m.curve().successAt(1), 1e-12);
    assertEquals(0.75, m.success().value(), 1e-12);
    assertTrue(m.success().lower() < 0.75 && m.success().upper() > 0.75);
    assertEquals(0.75, m.passAtK().get(1).value(), 1e-12);  // mean over the two tasks of c/n: (1/2 + 2/2) / 2
    assertEquals(1.0, m.passAtK().get(2).value(), 1e-12);
    assertEquals(0.25, m.formatErrors().value(), 1e-12);     // one solve scored format -1
    assertEquals(0.5, m.hintsParseFailures().value(), 1e-12);
    assertEquals(1.5, m.toolCallsPerSolve().value(), 1e-12);  // (2 + 0 + 3 + 1) / 4
    assertEquals(0.5, m.toolFailures().value(), 1e-12);       // 3 of 6 calls failed
    assertEquals(4.0, m.tokensPerSolve().value(), 1e-12);
    var json = m.writeTo(new ObjectMapper().createObjectNode(), "position");
    assertEquals(2, json.path("by_position").size());
    assertEquals(0.5, json.path("by_position").get(0).path("success_rate").asDouble(), 1e-12);
    assertTrue(json.path("by_position").get(0).has("reward_sd"));
  }

  @Test
  void comparisonUsesNewcombeForRatesAndWelchForMeans() {
    // Newcombe (1998) example: 56/70 vs 48/80 -> difference 0.2, interval [0.0524, 0.3339]
    EvalComparison.Delta d = EvalComparison.rates("all", "success", 0, 48, 80, 56, 70);
    assertEquals(0.2, d.diff(), 1e-12);
    assertEquals(0.0524, d.lower(), 1e-4);
    assertEquals(0.3339, d.upper(), 1e-4);
    assertTrue(d.significant());
    EvalComparison.Delta m = EvalComparison.means("all", "mean_reward", -1, 0.5, 0.5, 100, 0.6, 0.5, 100);
    assertEquals(0.1, m.diff(), 1e-12);
    assertEquals(0.1 - 1.959963984540054 * Math.sqrt(0.005), m.lower(), 1e-12);
  }

  @Test
  void comparingTwoSummariesListsEachPositionAndOverall() throws Exception {
    ObjectMapper json = new ObjectMapper();
    var a = json.createObjectNode();
    SliceMetrics.of(List.of(solve("a", "g", 0, false, 1, 0, 0), solve("a", "g", 1, false, 1, 0, 0)))
        .writeTo(a.putObject("metrics").putObject("all"), "position");
    var b = json.createObjectNode();
    SliceMetrics.of(List.of(solve("b", "g", 0, true, 1, 0, 0), solve("b", "g", 1, false, 1, 0, 0)))
        .writeTo(b.putObject("metrics").putObject("all"), "position");
    EvalComparison c = EvalComparison.of("A", a, "B", b);
    assertEquals(1.0, c.deltas().stream().filter(d -> d.metric().equals("success") && d.position() == 0).findFirst().orElseThrow().diff());
    assertTrue(c.markdown().contains("| all | success | all | 0.000 | 0.500 |"), c.markdown());
  }

  static EpisodeRecord solve(String agent, String group, int position, boolean success, int format, int calls, int failures) {
    Turn t = new Turn("p", new int[] {1}, "text", new int[] {1, 2, 3, 4}, new float[4], FinishReason.STOP, 1);
    return new EpisodeRecord(agent + "/s" + position, agent, "env", "pack", group, position, 2, EpisodeKind.SOLVE, "t" + position, 1,
        List.of(t), new Rewards(success ? 1 : 0, format, 0, success), "", "", "", false, calls, failures, 0, 1000);
  }

  static EpisodeRecord update(String agent, String group, int position, boolean parsed) {
    Turn t = new Turn("p", new int[] {1}, "<hints>h</hints>", new int[] {1, 2}, new float[2], FinishReason.STOP, 1);
    return new EpisodeRecord(agent + "/u" + position, agent, "env", "pack", group, position, 2, EpisodeKind.UPDATE, "t" + position, 1,
        List.of(t), new Rewards(0, 0, parsed ? 0 : -0.1, false), "", "h", "", false, 0, 0, 0, 500);
  }
}
