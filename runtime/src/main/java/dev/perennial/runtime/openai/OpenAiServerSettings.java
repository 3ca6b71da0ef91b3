package dev.perennial.runtime.openai;

import com.typesafe.config.Config;
import java.time.Duration;

/** Settings of the OpenAI-compatible server, read once from {@code perennial.runtime.openai}. */
public record OpenAiServerSettings(
    String host,
    int port,
    String modelName,
    long maxRequestBytes,
    Duration requestTimeout,
    int defaultMaxTokens,
    int maxTokensLimit,
    ChatTemplate chatTemplate,
    Duration busyRetryAfter) {

  public OpenAiServerSettings {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    if (modelName == null || modelName.isBlank()) throw new IllegalArgumentException("model-name must not be empty");
    if (maxRequestBytes < 1) throw new IllegalArgumentException("max-request-bytes must be >= 1");
    if (defaultMaxTokens < 1 || maxTokensLimit < defaultMaxTokens) {
      throw new IllegalArgumentException("need 1 <= default-max-tokens <= max-tokens-limit, got "
          + defaultMaxTokens + " and " + maxTokensLimit);
    }
  }

  public static OpenAiServerSettings from(Config root) {
    Config c = root.getConfig("perennial.runtime.openai");
    try {
      return new OpenAiServerSettings(
          c.getString("host"),
          c.getInt("port"),
          c.getString("model-name"),
          c.getBytes("max-request-bytes"),
          c.getDuration("request-timeout"),
          c.getInt("default-max-tokens"),
          c.getInt("max-tokens-limit"),
          ChatTemplate.named(c.getString("chat-template")),
          c.getDuration("busy-retry-after"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("perennial.runtime.openai: " + e.getMessage(), e);
    }
  }

  /** The same settings on another port (e.g. from {@code serve-policy --port N}). */
  public OpenAiServerSettings withPort(int newPort) {
    return new OpenAiServerSettings(host, newPort, modelName, maxRequestBytes, requestTimeout, defaultMaxTokens,
        maxTokensLimit, chatTemplate, busyRetryAfter);
  }
}
