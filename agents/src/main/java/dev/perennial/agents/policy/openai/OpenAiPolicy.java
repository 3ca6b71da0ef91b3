package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link Policy} backed by any OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp server,
 * {@code perennial serve-policy}, the OpenAI API). Non-blocking: requests go out through
 * {@link HttpClient#sendAsync}, retries wait on a delayed executor, never on the caller's thread.
 * Failures complete the stage with a {@link PolicyException}: retryable for overload, server
 * errors and unreachable endpoints (after the configured attempts), not retryable for a rejected
 * model, bad request or missing log-probs.
 */
public final class OpenAiPolicy implements Policy {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  /** Backoff delays and request deadlines of every client; one daemon thread that only completes futures. */
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final OpenAiSettings settings;
  private final String apiKey;
  private final HttpClient client;
  private final OpenAiRequests requests;
  private final Backoff backoff;

  private OpenAiPolicy(OpenAiSettings settings, String apiKey) {
    this.settings = settings;
    this.apiKey = apiKey;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .build();
    this.requests = new OpenAiRequests(settings, JSON);
    this.backoff = new Backoff(settings.retry());
  }

  /** A client whose API key (if any) is read from the environment variable the settings name. */
  public static OpenAiPolicy create(OpenAiSettings settings) {
    return create(settings, System::getenv);
  }

  /** As {@link #create(OpenAiSettings)} with an explicit environment (for tests). */
  public static OpenAiPolicy create(OpenAiSettings settings, Function<String, String> env) {
    String key = settings.apiKeyEnv().isBlank() ? null : env.apply(settings.apiKeyEnv());
    return new OpenAiPolicy(settings, key == null || key.isBlank() ? null : key);
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    URI uri = settings.resolve(settings.endpoint().path());
    long start = System.nanoTime();
    byte[] body;
    try {
      body = requests.body(request);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new PolicyException("cannot build a request: " + e.getMessage(), false, e));
    }
    HttpRequest http = authorised(HttpRequest.newBuilder(uri))
        .timeout(settings.requestTimeout())
        .header("Content-Type", "application/json")
        .header("Accept", settings.stream() ? "text/event-stream" : "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return settle(withRetries(http, 1).thenApply(acc ->
        Generations.of(acc, request, settings, (System.nanoTime() - start) / 1_000_000)));
  }

  /**
   * Asks {@code GET /models} whether the configured model is served; a clear error before a run
   * is better than a failure in its first episode.
   *
   * @return the model ids the server lists
   */
  public CompletionStage<List<String>> checkModel() {
    URI uri = settings.resolve("/models");
    HttpRequest http = authorised(HttpRequest.newBuilder(uri)).timeout(settings.requestTimeout()).GET().build();
    return settle(client.sendAsync(http, HttpResponse.BodyHandlers.ofString())
        .thenApply(resp -> {
          if (resp.statusCode() / 100 != 2) {
            throw HttpFailures.forStatus(resp.statusCode(), resp.body(), uri, settings.model(), JSON);
          }
          List<String> ids = modelIds(resp.body(), uri);
          if (!ids.contains(settings.model())) {
            throw new PolicyException("model '" + settings.model() + "' is not served by " + settings.baseUrl()
                + " (it serves " + ids + ")", false);
          }
          return ids;
        }), uri);
  }

  @Override
  public String describe() {
    return "openai:" + settings.baseUrl() + " model=" + settings.model() + " ("
        + settings.endpoint().name().toLowerCase(java.util.Locale.ROOT) + (settings.stream() ? ", stream" : "") + ")";
  }

  @Override
  public boolean trainable() { return settings.requireLogprobs(); }

  /** The stage completed with the bare {@link PolicyException} (not wrapped in a CompletionException). */
  private <T> CompletableFuture<T> settle(CompletableFuture<T> stage) {
    return settle(stage, settings.resolve(settings.endpoint().path()));
  }

  private <T> CompletableFuture<T> settle(CompletableFuture<T> stage, URI uri) {
    CompletableFuture<T> result = new CompletableFuture<>();
    stage.whenComplete((value, err) -> {
      if (err == null) result.complete(value);
      else result.completeExceptionally(HttpFailures.forTransport(err, uri, settings.model()));
    });
    return result;
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder b) {
    return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
  }

  private CompletableFuture<ChoiceAccumulator> withRetries(HttpRequest http, int attempt) {
    return once(http).handle((acc, err) -> {
      if (err == null) return CompletableFuture.completedFuture(acc);
      PolicyException failure = HttpFailures.forTransport(err, http.uri(), settings.model());
      if (!failure.retryable() || attempt >= settings.retry().maxAttempts()) {
        return CompletableFuture.<ChoiceAccumulator>failedFuture(attempt == 1 ? failure
            : new PolicyException(failure.getMessage() + " (gave up after " + attempt + " attempts)", failure.retryable(), failure));
      }
      var retryAfter = failure instanceof StatusFailure s ? s.retryAfter : Optional.<Duration>empty();
      long delay = backoff.delay(attempt, retryAfter).toMillis();
      var later = new CompletableFuture<HttpRequest>();
      TIMER.schedule(() -> later.complete(http), delay, TimeUnit.MILLISECONDS);
      return later.thenCompose(h -> withRetries(h, attempt + 1));
    }).thenCompose(f -> f);
  }

  /**
   * One attempt. HttpRequest's own timeout ends at the response headers; a stream that stalls
   * afterwards is cancelled by the timer, which also releases the connection.
   */
  private CompletableFuture<ChoiceAccumulator> once(HttpRequest http) {
    var exchange = client.sendAsync(http, Reply.handler(settings.stream(), JSON));
    var timer = TIMER.schedule(() -> exchange.cancel(true), settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    exchange.whenComplete((r, e) -> timer.cancel(false));
    return exchange
        .thenApply(resp -> {
          Reply reply = resp.body();
          if (reply instanceof Reply.Answer a) {
            if (!a.complete()) {
              throw new PolicyException("the stream from " + http.uri() + " ended before its last event", true);
            }
            return a.choice();
          }
          if (reply instanceof Reply.Status s) {
            PolicyException p = HttpFailures.forStatus(s.status(), s.body(), http.uri(), settings.model(), JSON);
            throw new StatusFailure(p, s.retryAfter());
          }
          throw new PolicyException(http.uri() + " for model '" + settings.model() + "': " + ((Reply.Malformed) reply).why(), false);
        });
  }

  private static List<String> modelIds(String body, URI uri) {
    try {
      List<String> ids = new ArrayList<>();
      for (JsonNode m : JSON.readTree(body).path("data")) ids.add(m.path("id").asText());
      return ids;
    } catch (IOException e) {
      throw new PolicyException(uri + " did not answer with a model list: " + Reply.abbreviate(body), false, e);
    }
  }

  private static ScheduledThreadPoolExecutor timer() {
    var t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread thread = new Thread(r, "openai-policy-timer");
      thread.setDaemon(true);
      return thread;
    });
    t.setRemoveOnCancelPolicy(true);   // finished requests must not keep their deadline tasks alive
    return t;
  }

  /** An HTTP error status, carrying the server's Retry-After for the backoff. */
  private static final class StatusFailure extends PolicyException {
    private final transient Optional<Duration> retryAfter;

    StatusFailure(PolicyException p, Optional<Duration> retryAfter) {
      super(p.getMessage(), p.retryable());
      this.retryAfter = retryAfter;
    }
  }
}
