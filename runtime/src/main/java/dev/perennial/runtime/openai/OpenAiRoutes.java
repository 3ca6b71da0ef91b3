package dev.perennial.runtime.openai;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.Materializer;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * OpenAI-compatible routes over any {@link Policy}: {@code GET /v1/models}, {@code GET
 * /v1/models/{id}}, {@code POST /v1/completions}, {@code POST /v1/chat/completions} (whole or
 * streamed as server-sent events) and {@code GET /health}. Nothing blocks: the body is read
 * asynchronously and the policy's stage completes the response. Every error is a JSON body in
 * OpenAI's shape: 400 bad request, 404 unknown model or path, 413 too large, 429 policy busy
 * (with Retry-After), 500 policy failure, 504 generation timeout.
 */
final class OpenAiRoutes extends AllDirectives {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Policy policy;
  private final OpenAiServerSettings settings;
  private final RequestParser parser;
  private final ResponseWriter writer;
  private final long startedAt = System.currentTimeMillis() / 1000;

  OpenAiRoutes(Policy policy, OpenAiServerSettings settings) {
    this.policy = policy;
    this.settings = settings;
    this.parser = new RequestParser(settings);
    this.writer = new ResponseWriter(JSON, settings.modelName());
  }

  Route route() {
    return handleRejections(rejections(), () -> concat(
        path("health", () -> get(() -> complete(StatusCodes.OK))),
        pathPrefix("v1", () -> concat(
            path("models", () -> get(() -> complete(json(200, models())))),
            path(PathMatchers.segment("models").slash(PathMatchers.segment()), id -> get(() -> complete(model(id)))),
            path("completions", () -> post(() -> generation(false))),
            path(PathMatchers.segment("chat").slash("completions"), () -> post(() -> generation(true)))))));
  }

  private Route generation(boolean chat) {
    var timeout = scala.concurrent.duration.Duration.create(settings.requestTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    return withRequestTimeout(timeout, request -> error(timedOut()), () ->
        extractRequestEntity(entity -> extractMaterializer(mat -> completeWithFuture(answer(entity, chat, mat)))));
  }

  private CompletionStage<HttpResponse> answer(HttpEntity entity, boolean chat, Materializer mat) {
    return entity.withSizeLimit(settings.maxRequestBytes()).toStrict(10_000, mat)
        .thenCompose(strict -> {
          ApiCall call = parser.parse(readJson(strict.getData()), chat);
          return policy.generate(call.request()).toCompletableFuture()
              .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .thenApply(g -> respond(call, g));
        })
        .exceptionally(this::failure);
  }

  private HttpResponse respond(ApiCall call, Generation g) {
    long created = System.currentTimeMillis() / 1000;
    if (!call.stream()) return json(200, writer.whole(call, g, created));
    List<ByteString> events = new java.util.ArrayList<>();
    for (ObjectNode chunk : writer.chunks(call, g, created)) events.add(ByteString.fromString("data: " + write(chunk) + "\n\n"));
    events.add(ByteString.fromString("data: [DONE]\n\n"));
    return HttpResponse.create().withEntity(
        HttpEntities.createChunked(MediaTypes.TEXT_EVENT_STREAM.toContentType(), Source.from(events)));
  }

  private HttpResponse failure(Throwable t) {
    Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (e instanceof ApiError api) return error(api);
    if (e instanceof EntityStreamSizeException) {
      return error(new ApiError(413, "invalid_request_error", null, "request_too_large",
          "the request body exceeds " + settings.maxRequestBytes() + " bytes (perennial.runtime.openai.max-request-bytes)"));
    }
    if (e instanceof TimeoutException) return error(timedOut());
    if (e instanceof PolicyException p && p.retryable()) {
      return error(new ApiError(429, "rate_limit_error", null, "policy_busy", "the policy is busy: " + p.getMessage()))
          .addHeader(RawHeader.create("Retry-After", Long.toString(Math.max(1, settings.busyRetryAfter().toSeconds()))));
    }
    return error(new ApiError(500, "server_error", null, null, "the policy failed: " + e.getMessage()));
  }

  private ApiError timedOut() {
    return new ApiError(504, "server_error", null, "timeout",
        "generation took longer than " + settings.requestTimeout().toSeconds() + " s (perennial.runtime.openai.request-timeout)");
  }

  private JsonNode readJson(ByteString data) {
    try {
      return JSON.readTree(data.toArray());
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw ApiError.invalid(null, "the request body is not valid JSON: " + why);
    }
  }

  private ObjectNode models() {
    ObjectNode root = JSON.createObjectNode();
    root.put("object", "list");
    root.putArray("data").add(modelCard());
    return root;
  }

  private ObjectNode modelCard() {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", settings.modelName()).put("object", "model").put("created", startedAt).put("owned_by", "perennial");
    m.put("description", policy.describe());
    return m;
  }

  private HttpResponse model(String id) {
    return id.equals(settings.modelName()) ? json(200, modelCard()) : error(ApiError.unknownModel(id));
  }

  /** Akka's own rejections (unknown path, wrong method) in OpenAI's error shape. */
  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(resp -> {
      String text = resp.entity() instanceof HttpEntity.Strict s ? s.getData().utf8String() : resp.status().reason();
      String type = resp.status().intValue() >= 500 ? "server_error" : "invalid_request_error";
      return error(new ApiError(resp.status().intValue(), type, null, null, text)).withHeaders(resp.getHeaders());
    });
  }

  private HttpResponse error(ApiError e) {
    return HttpResponse.create().withStatus(e.status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, e.json(JSON)));
  }

  private static HttpResponse json(int status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, write(body)));
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
