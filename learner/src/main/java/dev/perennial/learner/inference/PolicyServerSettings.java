package dev.perennial.learner.inference;

import com.typesafe.config.Config;
import java.time.Duration;

/** The PolicyServer's settings, read once from {@code perennial.learner.inference} (see reference.conf). */
public record PolicyServerSettings(
    String device,
    int maxBatchSize,
    int maxQueue,
    int maxContext,
    int prefillTokenBudget,
    long prefixCacheBytes,
    int prefixMinTokens,
    Duration statsWindow,
    Duration askTimeout) {

  public static final String DISPATCHER = "perennial.learner.inference.dispatcher";

  public PolicyServerSettings {
    if (maxBatchSize < 1) throw new IllegalArgumentException("max-batch-size must be >= 1");
    if (maxQueue < 0) throw new IllegalArgumentException("max-queue must be >= 0");
    if (maxContext < 0) throw new IllegalArgumentException("max-context must be >= 0 (0 = the model's limit)");
    if (prefillTokenBudget < 1) throw new IllegalArgumentException("prefill-token-budget must be >= 1");
    if (prefixCacheBytes < 0 || prefixMinTokens < 1) throw new IllegalArgumentException("prefix-cache-size must be >= 0, prefix-min-tokens >= 1");
  }

  public static PolicyServerSettings from(Config inference) {
    return new PolicyServerSettings(inference.getString("device"), inference.getInt("max-batch-size"),
        inference.getInt("max-queue"), inference.getInt("max-context"), inference.getInt("prefill-token-budget"),
        inference.getBytes("prefix-cache-size"), inference.getInt("prefix-min-tokens"),
        inference.getDuration("stats-window"), inference.getDuration("ask-timeout"));
  }

  public PolicyServerSettings withLimits(int maxBatchSize, int maxQueue) {
    return new PolicyServerSettings(device, maxBatchSize, maxQueue, maxContext, prefillTokenBudget, prefixCacheBytes,
        prefixMinTokens, statsWindow, askTimeout);
  }
}
