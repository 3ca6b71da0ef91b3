package dev.perennial.environments.verify.simulation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SimulationVerifierTest {
  final CodeIoVerifier codeio = new CodeIoVerifier();
  final CruxEvalVerifier crux = new CruxEvalVerifier(new PythonSubprocessRunner(), TestSettings.FAST);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"output\": 42}                     | {\"output\": 42.0}                    | true",
      "{\"output\": {\"a\": 1, \"b\": [1,2]}} | {\"output\": {\"b\": [1,2], \"a\": 1}} | true",
      "{\"output\": [1, 2]}                 | {\"output\": [2, 1]}                  | false",
      "{\"output\": \"1\"}                  | {\"output\": 1}                       | false",
      "{'output': (1, True, None)}          | {\"output\": [1, true, null]}         | true",
      "[3, 4]                               | {\"output\": [3, 4]}                  | true",
      "{\"input\": {\"n\": 5}}              | {\"input\": {\"n\": 5}}               | true",
  })
  void codeIoComparesJsonValues(String answer, String truth, boolean expected) {
    var s = codeio.verify("<answer>" + answer + "</answer>", truth, Map.of());
    assertTrue(s.success() == expected, s.reason());
  }

  @Test
  void codeIoReadsJsonFence() {
    assertTrue(codeio.verify("```json\n{\"output\": 7}\n```", "{\"output\": 7}", Map.of()).success());
  }

  static final Map<String, String> F = Map.of("code", "def f(s):\n    return s[::-1] + str(len(s))", "input", "'abc'");

  @Test
  void cruxEvalRunsTheAssertionWithThePrediction() {
    assertTrue(crux.verify("[ANSWER]'cba3'[/ANSWER]", "'cba3'", F).success());
    assertTrue(crux.verify("<answer>assert f('abc') == 'cba3'</answer>", "'cba3'", F).success());
    assertFalse(crux.verify("[ANSWER]'abc3'[/ANSWER]", "'cba3'", F).success());
  }

  @Test
  void cruxEvalPredictionCannotRewriteTheAssertion() {
    var s = crux.verify("[ANSWER]1) or True or (1[/ANSWER]", "'cba3'", F);
    assertFalse(s.success(), s.reason());
    assertFalse(crux.verify("[ANSWER]__import__('os').system('true') or 'cba3'[/ANSWER]", "'cba3'", F).success());
  }

  @Test
  void cruxEvalInputMode() {
    Map<String, String> info = Map.of("code", "def f(a, b):\n    return a * b", "mode", "input", "output", "12");
    assertTrue(crux.verify("<answer>3, 4</answer>", "2, 6", info).success());
    assertFalse(crux.verify("<answer>3, 5</answer>", "2, 6", info).success());
  }
}
