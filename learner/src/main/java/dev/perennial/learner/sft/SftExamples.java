package dev.perennial.learner.sft;

import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.loop.EpisodeSequence;
import dev.perennial.learner.train.TrainSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold-start SFT examples from recorded episodes, built exactly like RL sequences: each turn's
 * injected tokens (prompt, tool output: loss mask 0) then its sampled tokens (mask 1), so the model
 * learns to write plans, tool calls, reflections, answers and hints, never to predict the
 * interpreter's output. Episodes that do not fit the model's context are left out and counted.
 */
public final class SftExamples {
  private SftExamples() {}

  /** @param skipped how many episodes were too long (or otherwise untrainable) */
  public record Built(List<TrainSequence> sequences, int skipped, long trainedTokens) {}

  public static Built of(List<EpisodeRecord> episodes, int maxTokens) {
    List<TrainSequence> out = new ArrayList<>();
    int skipped = 0;
    long tokens = 0;
    for (EpisodeRecord e : episodes) {
      EpisodeSequence s;
      try {
        s = EpisodeSequence.of(e, 0.0, maxTokens);
      } catch (dev.perennial.learner.loop.UntrainableEpisode u) {
        skipped++;
        continue;
      }
      if (s.trainedTokens() == 0 || s.length() < 2) {
        skipped++;
        continue;
      }
      out.add(new TrainSequence(s.tokens(), s.lossMask(), new float[s.length()], 0f, 1f));
      tokens += s.trainedTokens();
    }
    return new Built(out, skipped, tokens);
  }
}
