package dev.perennial.agents.policy.openai;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of the OpenAI-compatible client, read once from {@code perennial.agents.openai} (every
 * key is commented in the agents module's reference.conf). The API key itself is never stored here:
 * only the name of the environment variable that holds it.
 */
public record OpenAiSettings(
    URI baseUrl,
    String model,
    Endpoint endpoint,
    String apiKeyEnv,
    boolean stream,
    boolean logprobs,
    int topLogprobs,
    boolean vllmExtensions,
    boolean requireLogprobs,
    Duration connectTimeout,
    Duration requestTimeout,
    Retry retry) {

  /** Which OpenAI API to call. */
  public enum Endpoint {
    COMPLETIONS("completions", "/completions"),
    CHAT("chat", "/chat/completions");

    private final String configName;
    private final String path;

    Endpoint(String configName, String path) {
      this.configName = configName;
      this.path = path;
    }

    public String path() { return path; }

    public static Endpoint named(String name) {
      for (Endpoint e : values()) if (e.configName.equals(name)) return e;
      throw new IllegalArgumentException("unknown endpoint '" + name + "' (expected completions or chat)");
    }
  }

  /** Attempts and exponential backoff with jitter. */
  public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {
    public Retry {
      if (maxAttempts < 1) throw new IllegalArgumentException("retry.max-attempts must be >= 1, got " + maxAttempts);
      if (!(jitter >= 0 && jitter < 1)) throw new IllegalArgumentException("retry.jitter must be in [0, 1), got " + jitter);
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("retry backoffs must satisfy 0 <= initial-backoff <= max-backoff");
      }
    }
  }

  public OpenAiSettings {
    String scheme = baseUrl.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("base-url must be an http(s) URL like http://127.0.0.1:8000/v1, got " + baseUrl);
    }
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("model is empty: name the model the server serves");
    }
    if (topLogprobs < 0) throw new IllegalArgumentException("top-logprobs must be >= 0, got " + topLogprobs);
    if (requireLogprobs && !(logprobs && vllmExtensions)) {
      throw new IllegalArgumentException("require-logprobs needs logprobs = on and vllm-extensions = on "
          + "(exact sampled token ids come from vLLM's return_tokens_as_token_ids)");
    }
  }

  public static OpenAiSettings from(Config root) {
    Config c = root.getConfig("perennial.agents.openai");
    try {
      Config r = c.getConfig("retry");
      return new OpenAiSettings(
          URI.create(stripTrailingSlash(c.getString("base-url"))),
          c.getString("model"),
          Endpoint.named(c.getString("endpoint")),
          c.getString("api-key-env"),
          c.getBoolean("stream"),
          c.getBoolean("logprobs"),
          c.getInt("top-logprobs"),
          c.getBoolean("vllm-extensions"),
          c.getBoolean("require-logprobs"),
          c.getDuration("connect-timeout"),
          c.getDuration("request-timeout"),
          new Retry(r.getInt("max-attempts"), r.getDuration("initial-backoff"), r.getDuration("max-backoff"),
              r.getDouble("jitter")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("perennial.agents.openai: " + e.getMessage(), e);
    }
  }

  /** The same settings with another base URL and model (e.g. from {@code --policy openai:URL --model NAME}). */
  public OpenAiSettings withEndpoint(String url, String modelName) {
    return new OpenAiSettings(URI.create(stripTrailingSlash(url)), modelName, endpoint, apiKeyEnv, stream, logprobs,
        topLogprobs, vllmExtensions, requireLogprobs, connectTimeout, requestTimeout, retry);
  }

  URI resolve(String path) { return URI.create(baseUrl + path); }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
