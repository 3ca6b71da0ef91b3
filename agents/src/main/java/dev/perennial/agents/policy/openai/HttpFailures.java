package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.policy.PolicyException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns HTTP statuses and transport errors into {@link PolicyException}s a user can act on, and
 * decides which are worth retrying: 408, 429 and 5xx, connection failures and timeouts are;
 * other 4xx (bad request, unknown model, bad key, too large) never succeed on a retry.
 */
final class HttpFailures {
  private HttpFailures() {}

  static boolean retryableStatus(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The failure for a non-2xx answer. */
  static PolicyException forStatus(int status, String body, URI uri, String model, ObjectMapper json) {
    String detail = serverMessage(body, json);
    String where = uri + " (HTTP " + status + ")";
    String message = switch (status) {
      case 401, 403 -> "authentication failed at " + where + " for model '" + model
          + "': check the API key (perennial.agents.openai.api-key-env names its environment variable): " + detail;
      case 404 -> mentionsModel(detail, model)
          ? "model '" + model + "' was rejected by " + where + ": " + detail
          : "not found: " + where + " for model '" + model + "' (does base-url end in /v1?): " + detail;
      case 413 -> "request for model '" + model + "' is too large for " + where + ": " + detail;
      case 429 -> "rate limited by " + where + " for model '" + model + "': " + detail;
      default -> status >= 500
          ? "server error from " + where + " for model '" + model + "': " + detail
          : "request for model '" + model + "' rejected by " + where + ": " + detail;
    };
    return new PolicyException(message, retryableStatus(status));
  }

  /** The failure for an exception thrown while sending or reading. */
  static PolicyException forTransport(Throwable error, URI uri, String model) {
    Throwable e = unwrap(error);
    if (e instanceof PolicyException p) return p;
    String what;
    if (e instanceof HttpConnectTimeoutException) what = "connect timed out";
    else if (e instanceof HttpTimeoutException || e instanceof TimeoutException || e instanceof CancellationException) {
      what = "request timed out (perennial.agents.openai.request-timeout)";
    }
    else if (e instanceof ConnectException) what = "connection refused";
    else if (e instanceof UnresolvedAddressException) what = "unknown host";
    else if (e instanceof IOException) what = "I/O error: " + e.getMessage();
    else return new PolicyException("calling " + uri + " for model '" + model + "' failed: " + e, false, e);
    return new PolicyException("cannot reach OpenAI-compatible endpoint " + uri + " for model '" + model + "': " + what,
        true, e);
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** The server's own words: OpenAI's {"error": {"message"}}, vLLM's {"message"}, FastAPI's {"detail"}, or the raw body. */
  static String serverMessage(String body, ObjectMapper json) {
    if (body == null || body.isBlank()) return "(empty body)";
    try {
      JsonNode n = json.readTree(body);
      JsonNode error = n.path("error");
      if (error.isTextual()) return error.asText();
      if (error.path("message").isTextual()) return error.path("message").asText();
      if (n.path("message").isTextual()) return n.path("message").asText();
      if (!n.path("detail").isMissingNode()) return n.path("detail").toString();
    } catch (IOException notJson) {
      // fall through to the raw body
    }
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  private static boolean mentionsModel(String detail, String model) {
    String d = detail.toLowerCase(java.util.Locale.ROOT);
    return d.contains("model") || d.contains(model.toLowerCase(java.util.Locale.ROOT));
  }
}
