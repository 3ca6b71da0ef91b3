package dev.perennial.environments.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Score;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every verifier, every hostile response: score 0, a reason, no exception, and quickly. */
class HostileInputTest {
  static final VerifierRegistry REGISTRY = VerifierRegistry.standard(new PythonSubprocessRunner(), TestSettings.FAST);
  static final String MB = "9".repeat(1 << 20);

  static final Map<String, String> TRUTHS = Map.of(
      "math__x", "3",
      "codegen__x", "{\"functional\": \"assert True\"}",
      "stem__x", "A",
      "logic__zebra_x", "{\"rows\": [[\"1\", \"a\"]]}",
      "logic__ordering_x", "[\"a\", \"b\"]",
      "logic__graph_x", "A->B",
      "simulation__arcagi_x", "[[1]]",
      "simulation__codeio_x", "{\"output\": 1}",
      "simulation__cruxeval_x", "1",
      "table__x", "3");

  static List<String> hostile() {
    return List.of(
        "",
        "\\boxed{",
        "\\boxed{3",
        "x".repeat(1 << 20),
        "\\boxed{" + MB + "}",
        "<answer>" + MB + "</answer>",
        "\\boxed{" + "{".repeat(100_000) + "3" + "}".repeat(100_000) + "}",
        "\\boxed{" + "\\frac{1}{".repeat(3_000) + "2" + "}".repeat(3_000) + "}",
        "\\boxed{" + "(".repeat(30) + "3" + ")".repeat(30) + "}",
        "\\boxed{2^{2^{2^{30}}}}",
        "\\boxed{10^{10^{10}}-10^{10^{10}}+3}",
        "\\boxed{(x+1)^{400}-(x+2)^{400}}",
        "<answer>" + "[".repeat(100_000) + "</answer>",
        "<answer>" + "[1,".repeat(50_000) + "</answer>",
        "\\boxed{" + "1,".repeat(200_000) + "}",
        "<think>" + "\\boxed{3}".repeat(10_000) + "</think>",
        "\\boxed{\\text{" + " ".repeat(500_000) + "}}");
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<String> h = hostile();
    for (String source : TRUTHS.keySet()) for (int i = 0; i < h.size(); i++) out.add(Arguments.of(source, i, h.get(i)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0} hostile #{1}")
  @MethodSource("cases")
  void hostileResponsesScoreZeroQuickly(String source, int index, String response) {
    long t0 = System.nanoTime();
    Score s = REGISTRY.forDataSource(source).verify(response, TRUTHS.get(source), Map.of());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(0.0, s.score(), () -> "accepted: " + s.reason());
    assertFalse(s.success());
    assertFalse(s.reason().isBlank());
    assertTrue(seconds < 15, () -> source + " #" + index + " took " + seconds + " s");
  }
}
