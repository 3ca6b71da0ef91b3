package dev.perennial.learner.loop;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the optimizer did in one learner step (all PPO epochs and mini-batches).
 *
 * @param updates        optimizer updates applied (epochs × mini-batches, minus skipped ones)
 * @param skipped        updates skipped because the gradient was not finite
 * @param loss           mean aggregated loss over the updates
 * @param gradNorm       mean global gradient norm before clipping
 * @param clipFraction   fraction of trained tokens whose ratio was clipped (NaN when the loss does not count)
 */
public record TrainMetrics(int updates, int skipped, double loss, double gradNorm, double maxGradNorm, double learningRate,
    long tokens, long trainedTokens, double seconds, double clipFraction) {

  public double tokensPerSecond() { return seconds > 0 ? tokens / seconds : 0; }

  public Map<String, Double> asMap() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("updates", (double) updates);
    m.put("skipped_updates", (double) skipped);
    m.put("loss", loss);
    m.put("grad_norm", gradNorm);
    m.put("grad_norm_max", maxGradNorm);
    m.put("lr", learningRate);
    m.put("train_tokens", (double) tokens);
    m.put("trained_tokens", (double) trainedTokens);
    m.put("train_seconds", seconds);
    m.put("train_tokens_per_s", tokensPerSecond());
    if (!Double.isNaN(clipFraction)) m.put("clip_fraction", clipFraction);
    return m;
  }
}
