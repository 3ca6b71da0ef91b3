package dev.perennial.environments.verify.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perennial.environments.verify.FormatScorer.FormatScore;
import org.junit.jupiter.api.Test;

class PlanActReflectScorerTest {
  final PlanActReflectScorer scorer = new PlanActReflectScorer();

  private int score(String text) { return scorer.score(text, 0).value(); }

  @Test
  void wellFormedEpisodeIsPlusOne() {
    assertEquals(1, score("<plan>try 7*3</plan><code lang=\"python\">print(7*3)</code><interpreter>21</interpreter>"
        + "<reflect>it printed 21</reflect><answer>21</answer>"));
    assertEquals(1, score("<plan>easy</plan><answer>4</answer>"));
  }

  @Test
  void missingAnswerOrMalformedCallIsMinusOne() {
    assertEquals(-1, score("<plan>p</plan><code lang=\"python\">print(1)</code><reflect>r</reflect>"));
    assertEquals(-1, score("<plan>p</plan><answer>  </answer>"));
    assertEquals(-1, score("<plan>p</plan><code lang=\"python\">print(1)<answer>1</answer>"));
    assertEquals(-1, score("<plan>p</plan><code>print(1)</code><reflect>r</reflect><answer>1</answer>"));
    assertEquals(-1, score("<plan>p</plan><code lang=\"python\">  </code><reflect>r</reflect><answer>1</answer>"));
    assertEquals(-1, score("<plan>p</plan><code lang=\"python\"><code lang=\"python\">x</code><reflect>r</reflect><answer>1</answer>"));
    assertEquals(-1, scorer.score("<plan>p</plan><answer>1</answer>", 1).value());
  }

  @Test
  void otherwiseZero() {
    assertEquals(0, score("<answer>4</answer>"));
    assertEquals(0, score("<plan>p</plan><code lang=\"python\">print(1)</code><answer>1</answer>"));
    assertEquals(0, score("<code lang=\"python\">print(1)</code><plan>late</plan><reflect>r</reflect><answer>1</answer>"));
    assertEquals(0, score("<plan>p<answer>1</answer>"));
    assertEquals(0, score("<plan>p</plan><code lang=\"python\">a</code><reflect>r</reflect><code lang=\"python\">b</code><answer>1</answer>"));
  }

  @Test
  void tagsAreConfigurable() {
    PlanActReflectScorer custom = new PlanActReflectScorer(new FormatTags("think", "tool", "name", "output", "check", "final"));
    FormatScore s = custom.score("<think>x</think><tool name=\"env\">Direction 1</tool><output>ok</output><check>fine</check><final>done</final>", 0);
    assertEquals(1, s.value(), s.reason());
  }

  @Test
  void hostileTextFinishesFast() {
    // a hang guard, not a speed target (speed lives in bench/): quadratic scanning would take minutes
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
      scorer.score("<plan>".repeat(200_000) + "</plan>", 0);
      scorer.score("<".repeat(1_000_000), 0);
      scorer.score("<reflect>".repeat(100_000) + "<answer>1</answer>", 0);
    });
  }
}
