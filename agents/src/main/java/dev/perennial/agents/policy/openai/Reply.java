package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Flow;

/** What one HTTP attempt produced: an answer, an HTTP error status, or a body that makes no sense. */
sealed interface Reply {
  /** A 2xx answer; {@code complete} is false when a stream ended before its end marker and finish reason. */
  record Answer(ChoiceAccumulator choice, boolean complete) implements Reply {}

  record Status(int status, String body, Optional<Duration> retryAfter) implements Reply {}

  record Malformed(String why) implements Reply {}

  /** Reads a 2xx body as JSON or as an SSE stream, and any other status as an error body. */
  static HttpResponse.BodyHandler<Reply> handler(boolean stream, ObjectMapper json) {
    return info -> {
      int status = info.statusCode();
      if (status / 100 != 2) {
        return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
            body -> new Status(status, body, retryAfter(info.headers())));
      }
      if (stream) {
        return HttpResponse.BodySubscribers.fromLineSubscriber(new StreamReader(json), StreamReader::reply, StandardCharsets.UTF_8, null);
      }
      return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
          body -> whole(body, json));
    };
  }

  private static Reply whole(String body, ObjectMapper json) {
    try {
      JsonNode n = json.readTree(body);
      if (n == null || !n.isObject()) return new Malformed("the answer is not a JSON object: " + abbreviate(body));
      if (n.has("error")) return new Malformed("the server answered with an error: " + HttpFailures.serverMessage(body, json));
      ChoiceAccumulator acc = new ChoiceAccumulator();
      acc.add(n);
      if (!acc.sawChoice()) return new Malformed("the answer has no choices: " + abbreviate(body));
      return new Answer(acc, true);
    } catch (IOException e) {
      return new Malformed("the answer is not JSON: " + abbreviate(body));
    }
  }

  private static Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers.firstValue("retry-after").flatMap(v -> {
      try {
        return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(v.trim()) * 1000)));
      } catch (NumberFormatException httpDate) {
        return Optional.empty();
      }
    });
  }

  static String abbreviate(String s) { return s.length() > 200 ? s.substring(0, 200) + "…" : s; }

  /** Consumes an SSE stream of completion chunks into one {@link ChoiceAccumulator}. */
  final class StreamReader implements Flow.Subscriber<String> {
    private final ObjectMapper json;
    private final SseDecoder sse = new SseDecoder();
    private final ChoiceAccumulator acc = new ChoiceAccumulator();
    private boolean done;
    private String malformed;

    StreamReader(ObjectMapper json) { this.json = json; }

    @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }

    @Override public void onNext(String line) {
      String data = sse.line(line);
      if (data != null) event(data);
    }

    @Override public void onError(Throwable t) { /* the body future completes exceptionally */ }

    @Override public void onComplete() {
      String data = sse.flush();
      if (data != null) event(data);
    }

    private void event(String data) {
      if (malformed != null || done) return;   // after an error keep draining, never cancel mid-body
      if (data.equals("[DONE]")) {
        done = true;
        return;
      }
      try {
        JsonNode chunk = json.readTree(data);
        if (chunk.has("error")) malformed = "the stream carried an error: " + HttpFailures.serverMessage(data, json);
        else acc.add(chunk);
      } catch (IOException e) {
        malformed = "a stream event is not JSON: " + abbreviate(data);
      }
    }

    Reply reply() {
      if (malformed != null) return new Malformed(malformed);
      return new Answer(acc, done || acc.finishReason() != null);
    }
  }
}
