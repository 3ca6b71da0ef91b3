package dev.perennial.runtime.api;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.scaladsl.model.EntityStreamSizeException;
import dev.perennial.agents.deploy.Refusal;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API answers, in one JSON shape: refusals by agents mapped to their status codes,
 * oversize bodies (413), timeouts asking an agent (503), Akka's own rejections (404 unknown path,
 * 405 wrong method, …) and, as a last resort, 500 with the reason logged.
 */
final class ApiErrors {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private final long maxRequestBytes;

  ApiErrors(long maxRequestBytes) { this.maxRequestBytes = maxRequestBytes; }

  static HttpResponse response(Problem p) {
    HttpResponse r = Json.response(p.status(), p.json());
    return p.status() == 429 ? r.addHeader(RawHeader.create("Retry-After", "1")) : r;
  }

  /** An agent's refusal as the HTTP status and code a client can branch on. */
  static Problem refusal(Refusal reason, String message) {
    return switch (reason) {
      case NOT_DEPLOYED -> new Problem(404, "unknown_agent", message);
      case UNKNOWN_TASK -> new Problem(404, "unknown_task", message);
      case CONFLICT -> new Problem(409, "conflict", message);
      case WRONG_STATE -> new Problem(409, "wrong_state", message);
      case QUEUE_FULL -> new Problem(429, "queue_full", message);
      case INVALID -> new Problem(400, message.startsWith("unknown verifier") ? "unknown_verifier"
          : message.startsWith("unknown tool") ? "unknown_tool" : "invalid", message);
    };
  }

  HttpResponse failure(Throwable t) {
    Throwable e = t;
    while (e instanceof CompletionException && e.getCause() != null) e = e.getCause();
    if (e instanceof Problem p) return response(p);
    if (e instanceof EntityStreamSizeException) {
      return response(new Problem(413, "too_large",
          "the request body exceeds " + maxRequestBytes + " bytes (perennial.runtime.serve.max-request-bytes)"));
    }
    if (e instanceof TimeoutException || e instanceof akka.pattern.AskTimeoutException) {
      return response(new Problem(503, "agent_unavailable", "the agent did not answer in time; retry"));
    }
    log.error("request failed", e);
    return response(new Problem(500, "internal", "internal error: " + e));
  }

  ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder().match(Throwable.class, e -> Directives.complete(failure(e))).build();
  }

  /** Akka's rejections (unknown path, wrong method, missing header…) in the API's error shape. */
  static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(resp -> {
      String text = resp.entity() instanceof HttpEntity.Strict s ? s.getData().utf8String() : resp.status().reason();
      int status = resp.status().intValue();
      String code = switch (status) {
        case 404 -> "not_found";
        case 405 -> "method_not_allowed";
        case 401 -> "unauthorized";
        case 413 -> "too_large";
        default -> "bad_request";
      };
      return Json.response(status, new Problem(status, code, text).json()).withHeaders(resp.getHeaders());
    });
  }
}
