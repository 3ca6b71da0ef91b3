package dev.perennial.learner.generate;

import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.util.Arrays;
import java.util.SplittableRandom;

/** One sequence being decoded: its request, own RNG, the tokens sampled so far and their log-probs. */
final class SequenceState {
  private final DecodeRequest request;
  private final SplittableRandom rng;
  private int[] tokens = new int[16];
  private float[] logprobs = new float[16];
  private int count;
  private final long firstVersion;
  private long lastVersion;
  private FinishReason reason;

  SequenceState(DecodeRequest request, long version) {
    this.request = request;
    this.rng = new SplittableRandom(request.seed());
    this.firstVersion = version;
    this.lastVersion = version;
  }

  SamplingParams params() { return request.params(); }

  SplittableRandom rng() { return rng; }

  void accept(Sampler.Choice choice, long version) {
    if (count == tokens.length) {
      tokens = Arrays.copyOf(tokens, count * 2);
      logprobs = Arrays.copyOf(logprobs, count * 2);
    }
    tokens[count] = choice.token();
    logprobs[count] = choice.logprob();
    count++;
    lastVersion = version;
  }

  /** The last sampled token, which the next step feeds. */
  int pending() { return tokens[count - 1]; }

  int lastToken() { return tokens[count - 1]; }

  int[] generated() { return tokens; }

  /** The first {@code length} tokens this sequence fed to the model: its prompt, then its samples. */
  int[] fedTokens(int length) {
    int[] prompt = request.prompt();
    int[] out = Arrays.copyOf(prompt, length);
    System.arraycopy(tokens, 0, out, prompt.length, length - prompt.length);
    return out;
  }

  int generatedCount() { return count; }

  boolean finish(FinishReason why) {
    reason = why;
    return true;
  }

  Completion complete(PolicyTokenizer tokenizer) {
    int[] ids = Arrays.copyOf(tokens, count);
    return new Completion(request.tag(), ids, Arrays.copyOf(logprobs, count),
        reason == null ? FinishReason.LENGTH : reason, tokenizer.decode(ids), firstVersion, lastVersion);
  }
}
