package dev.perennial.environments.verify.science;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.VerifierSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScienceVerifierTest {
  final ScienceVerifier science = new ScienceVerifier(VerifierSettings.defaults(), Optional.empty());

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "So \\boxed{B}.                             | B   | true",
      "\\boxed{(b)}                               | B   | true",
      "\\boxed{\\text{C}}                        | C   | true",
      "Thinking... Answer: D                      | D   | true",
      "**Answer:** (A)                            | A   | true",
      "\\boxed{B} wait, no. Answer: C             | C   | true",
      "\\boxed{B}                                 | C   | false",
      "The answer is a number I cannot determine  | A   | false",
      "I don't know                               | A   | false",
  })
  void multipleChoice(String response, String truth, boolean expected) {
    Score s = science.verify(response, truth, Map.of());
    assertEquals(expected, s.success(), s.reason());
  }

  @Test
  void noGuessWhenNothingExtracted() {
    for (int i = 0; i < 20; i++) assertEquals("no choice letter found", science.verify("hmm", "A", Map.of()).reason());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\\boxed{3.21 m/s}                  | 3.2 m/s       | true",
      "\\boxed{3.2}                       | 3.2 m/s       | true",
      "\\boxed{3.5 m/s}                   | 3.2 m/s       | false",
      "\\boxed{1.5 km}                    | 1500 m        | true",
      "\\boxed{450\\,\\mathrm{nm}}          | 4.5e-7 m      | true",
      "\\boxed{2.0 \\times 10^{-3} kg}      | 2 g           | true",
      "\\boxed{5 s}                       | 5 m           | false",
  })
  void numericWithUnits(String response, String truth, boolean expected) {
    Score s = science.verify(response, truth, Map.of());
    assertEquals(expected, s.success(), s.reason());
  }

  @Test
  void toleranceComesFromTheRow() {
    assertTrue(science.verify("\\boxed{105}", "100", Map.of("tolerance", "0.1")).success());
    assertEquals(false, science.verify("\\boxed{105}", "100", Map.of()).success());
  }

  @Test
  void freeFormNeedsAJudgeAndSaysSo() {
    Score s = science.verify("\\boxed{photosynthesis}", "Photosynthesis in chloroplasts", Map.of());
    assertEquals(0.0, s.score());
    assertTrue(s.reason().contains("judge"), s.reason());
    ScienceVerifier judged = new ScienceVerifier(VerifierSettings.defaults(), Optional.of((a, g, x) -> Score.pass(a, "judge agreed")));
    assertTrue(judged.verify("\\boxed{photosynthesis}", "Photosynthesis in chloroplasts", Map.of()).success());
  }
}
