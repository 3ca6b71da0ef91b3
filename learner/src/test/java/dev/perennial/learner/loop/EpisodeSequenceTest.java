package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeSequenceTest {
  private static EpisodeRecord episode(List<Turn> turns) {
    return new EpisodeRecord("a#1/s0", "a", "env", "p", "g", 0, 2, EpisodeKind.SOLVE, "t0", 0, turns,
        new Rewards(1, 0, 0, true), "", "", "", false, 1, 0, 0, 0);
  }

  @Test
  void concatenatesInjectedThenSampledTokensOfEveryTurnAndMasksOnlySampledOnes() {
    Turn call = new Turn("prompt", new int[] {10, 11, 12}, "<code>", new int[] {20, 21}, new float[] {-0.1f, -0.2f},
        FinishReason.STOP, 3);
    Turn answer = new Turn("<interpreter>7</interpreter>", new int[] {30, 31}, "<answer>7</answer>", new int[] {40, 41, 42},
        new float[] {-0.3f, -0.4f, -0.5f}, FinishReason.STOP, 3);
    EpisodeSequence s = EpisodeSequence.of(episode(List.of(call, answer)), 0.25, 100);
    assertArrayEquals(new int[] {10, 11, 12, 20, 21, 30, 31, 40, 41, 42}, s.tokens());
    assertArrayEquals(new float[] {0, 0, 0, 1, 1, 0, 0, 1, 1, 1}, s.lossMask());
    assertArrayEquals(new float[] {0, 0, 0, -0.1f, -0.2f, 0, 0, -0.3f, -0.4f, -0.5f}, s.behaviourLogProbs());
    assertEquals(0.25f, s.advantage(), 0f, "the episode's advantage, for every generated token");
    assertEquals(5, s.trainedTokens());
  }

  @Test
  void anEpisodeWithTextButNoTokenIdsIsAClearErrorNotASkip() {
    Turn openAi = new Turn("prompt", new int[0], "<answer>7</answer>", new int[0], new float[0], FinishReason.STOP, 0);
    var e = assertThrows(UntrainableEpisode.class, () -> EpisodeSequence.of(episode(List.of(openAi)), 1.0, 100));
    assertTrue(e.getMessage().contains("does not expose token ids"), e.getMessage());
    assertTrue(e.getMessage().contains("a#1/s0"), e.getMessage());
  }

  @Test
  void aSequenceLongerThanTheContextOrWithBadLogProbsIsUntrainable() {
    Turn turn = new Turn("p", new int[] {1, 2, 3}, "x", new int[] {4}, new float[] {-1f}, FinishReason.STOP, 0);
    assertThrows(UntrainableEpisode.class, () -> EpisodeSequence.of(episode(List.of(turn)), 1.0, 3));
    Turn nan = new Turn("p", new int[] {1, 2}, "x", new int[] {4}, new float[] {Float.NaN}, FinishReason.STOP, 0);
    assertThrows(UntrainableEpisode.class, () -> EpisodeSequence.of(episode(List.of(nan)), 1.0, 10));
    assertThrows(UntrainableEpisode.class, () -> EpisodeSequence.of(episode(List.of(turn)), Double.NaN, 10));
  }
}
