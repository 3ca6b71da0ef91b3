package dev.perennial.environments.verify.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.VerifierSettings;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathVerifierTest {
  static final MathVerifier MATH = new MathVerifier(VerifierSettings.defaults());

  private static Score check(String answer, String truth) {
    return MATH.verify("Reasoning... so the answer is \\boxed{" + answer + "}.", truth, Map.of());
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "\\frac{2}{4}         | \\frac{1}{2}",
      "0.5                 | \\frac12",
      "\\dfrac{1}{2}       | 0.5",
      "\\tfrac12           | 1/2",
      "1.5\\times10^3      | 1500",
      "1.5 \\times 10^{3}  | 1500",
      "1500                | 1.5\\times 10^{3}",
      "1,234,567           | 1234567",
      "1{,}000             | 1000",
      "x = 3               | 3",
      "3                   | x=3",
      "50\\%               | 50",
      "50\\%               | 0.5",
      "30^\\circ           | 30",
      "30^{\\circ}         | 30",
      "5 \\text{ cm}       | 5",
      "\\$12.50            | 12.5",
      "2.50                | 2.5",
      "\\sqrt{8}           | 2\\sqrt{2}",
      "2\\sqrt2            | \\sqrt{8}",
      "\\frac{\\sqrt{3}}{2} | \\frac{1}{2}\\sqrt{3}",
      "2\\pi               | \\pi+\\pi",
      "\\frac{\\pi}{4}     | \\frac{1}{4}\\pi",
      "2^{10}              | 1024",
      "\\log_2 8           | 3",
      "(x-1)(x+1)          | x^2-1",
      "x^2+2x+1            | (x+1)^2",
      "\\sqrt{2}+\\sqrt{3} | \\sqrt{5+2\\sqrt{6}}",
      "[2,5]               | [2, 5]",
      "x \\in [2,5]        | [2,5]",
      "(-\\infty, 3]       | (-\\infty,3]",
      "(1,2)               | (1, 2)",
      "(\\frac12, 3)       | (0.5, 3)",
      "\\{1,2,3\\}         | \\{3,2,1\\}",
      "\\left\\{ 3, 1, 2 \\right\\} | \\{1,2,3\\}",
      "3, 1                | 1, 3",
      "1 \\pm \\sqrt{2}    | 1+\\sqrt{2}, 1-\\sqrt{2}",
      "(-\\infty,1)\\cup(2,\\infty) | (2,\\infty)\\cup(-\\infty,1)",
      "\\text{(B)}         | (B)",
      "-\\frac{1}{3}       | \\frac{-1}{3}",
      "\\infty             | \\infty",
      "y = 2x + 3          | 2x+3",
      "10\\%               | \\frac{1}{10}",
  })
  void equivalentFormsMatch(String answer, String truth) {
    Score s = check(answer, truth);
    assertTrue(s.success(), () -> answer + " vs " + truth + ": " + s.reason());
    assertEquals(1.0, s.score());
  }

  @ParameterizedTest(name = "{0} != {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "300                 | 3",
      "3                   | 300",
      "123456788           | 123456789",
      "0.03                | 3",
      "30                  | 0.3",
      "0.333               | \\frac13",
      "3.14159             | \\pi",
      "1.414               | \\sqrt{2}",
      "[2,5)               | [2,5]",
      "(2,5)               | [2,5]",
      "(1,2)               | (2,1)",
      "\\{1,2\\}           | \\{1,2,3\\}",
      "x^2-1               | (x-1)^2",
      "2                   | -2",
      "-\\infty            | \\infty",
      "\\frac{1}{2}        | \\frac{1}{3}",
      "1/0                 | 5",
      "50                  | 0.5",
      "x                   | y",
      "1000                | 1,001",
      "10^{100}            | 10^{100}+1",
      "\\sqrt{10^{60}+1}  | 10^{30}",
      "x + 10^{-20}        | x",
      "a = 1, b = 2        | 2",
  })
  void nearMissesDoNotMatch(String answer, String truth) {
    Score s = check(answer, truth);
    assertFalse(s.success(), () -> answer + " vs " + truth + " wrongly accepted: " + s.reason());
    assertEquals(0.0, s.score());
  }

  @org.junit.jupiter.api.Test
  void multiLineAnswersAndTheLastOfSeveral() {
    org.junit.jupiter.api.Assertions.assertTrue(MATH.verify("<answer>\n  x = \\frac{1}{2}\n</answer>", "0.5", Map.of()).success());
    org.junit.jupiter.api.Assertions.assertTrue(MATH.verify("\\boxed{1} hmm, no: \\boxed{2}", "2", Map.of()).success());
    assertFalse(MATH.verify("\\boxed{1} hmm, no: \\boxed{2}", "1", Map.of()).success());
  }

  @org.junit.jupiter.api.Test
  void aListOfAcceptableTruthsAndReasonsOnFailure() {
    org.junit.jupiter.api.Assertions.assertTrue(MATH.verify("\\boxed{\\frac{1}{2}}", "[\"0.4\", \"0.5\"]", Map.of()).success());
    Score s = MATH.verify("no box here", "3", Map.of());
    assertEquals(0.0, s.score());
    assertEquals("no \\boxed{} or <answer> found", s.reason());
  }
}
