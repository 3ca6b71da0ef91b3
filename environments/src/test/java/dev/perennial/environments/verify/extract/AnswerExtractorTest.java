package dev.perennial.environments.verify.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnswerExtractorTest {
  @Test
  void takesTheLastBoxedAfterThink() {
    String r = "<think>maybe \\boxed{1}</think> first \\boxed{2} then \\boxed{\\frac{3}{4}}";
    assertEquals("\\frac{3}{4}", AnswerExtractor.finalAnswer(r).answer());
  }

  @Test
  void ignoresBoxesInsideThinking() {
    assertFalse(AnswerExtractor.finalAnswer("<think>\\boxed{7}</think> I am not sure").found());
  }

  @Test
  void answerTagIsMultiLineAndUnwrapsBox() {
    assertEquals("line one\nline two", AnswerExtractor.finalAnswer("x <answer>\nline one\nline two\n</answer>").answer());
    assertEquals("5", AnswerExtractor.finalAnswer("<answer>so \\boxed{5}</answer>").answer());
  }

  @Test
  void laterOfBoxAndTagWins() {
    assertEquals("9", AnswerExtractor.finalAnswer("<answer>3</answer> actually \\boxed{9}").answer());
    assertEquals("3", AnswerExtractor.finalAnswer("\\boxed{9} <answer>3</answer>").answer());
  }

  @Test
  void fboxAndEscapedBraces() {
    assertEquals("\\{1,2\\}", AnswerExtractor.finalAnswer("\\fbox{\\{1,2\\}}").answer());
    assertEquals("7", AnswerExtractor.finalAnswer("\\boxed 7$").answer());
  }

  @Test
  void unbalancedLastBoxGivesNothing() {
    var e = AnswerExtractor.finalAnswer("\\boxed{3} and then \\boxed{\\frac{1}{2}");
    assertFalse(e.found());
    assertTrue(e.problem().contains("unbalanced"), e.problem());
  }

  @Test
  void unclosedAnswerTagGivesNothing() {
    assertFalse(AnswerExtractor.finalAnswer("<answer>42").found());
  }
}
