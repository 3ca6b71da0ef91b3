package dev.perennial.runtime.api;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.runtime.serve.LearnerProbe;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The node's own endpoints: {@code /health} (the process serves), {@code /ready} (journal schema,
 * cluster membership, agents registered: 503 naming what is missing), {@code /metrics}
 * (Prometheus text), {@code /openapi.yaml} (the API's description) and {@code /learner}
 * (the learner's progress; 404 "no_learner" when none runs).
 */
final class SystemRoutes extends AllDirectives {
  private static final ContentType PROMETHEUS = ContentTypes.parse("text/plain; version=0.0.4; charset=utf-8");
  private static final ContentType YAML = ContentTypes.parse("application/yaml; charset=utf-8");

  private final Supplier<Map<String, Boolean>> readiness;
  private final Supplier<String> metrics;
  private final LearnerProbe learner;
  private final Views views;
  private final ApiErrors errors;
  private final byte[] openapi;

  SystemRoutes(Supplier<Map<String, Boolean>> readiness, Supplier<String> metrics, LearnerProbe learner, Views views, ApiErrors errors) {
    this.readiness = readiness;
    this.metrics = metrics;
    this.learner = learner;
    this.views = views;
    this.errors = errors;
    this.openapi = resource("/openapi/perennial.yaml");
  }

  /** Open to anyone: probes must not need the token. */
  Route open() {
    return concat(
        path("health", () -> get(() -> complete(Json.response(200, Json.MAPPER.createObjectNode().put("status", "up"))))),
        path("ready", () -> get(this::ready)));
  }

  Route guarded() {
    return concat(
        path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(PROMETHEUS, metrics.get().getBytes(java.nio.charset.StandardCharsets.UTF_8)))))),
        path("openapi.yaml", () -> get(() -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(YAML, openapi))))),
        path("learner", () -> get(() -> completeWithFuture(learner.status().thenApply(v -> v
            .map(view -> Json.response(200, views.learner(view)))
            .orElseGet(() -> ApiErrors.response(Problem.notFound("no_learner", "no learner runs for this node"))))
            .exceptionally(errors::failure)))));
  }

  private Route ready() {
    Map<String, Boolean> checks = readiness.get();
    boolean ok = checks.values().stream().allMatch(b -> b);
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("status", ok ? "ready" : "not_ready");
    ObjectNode c = n.putObject("checks");
    checks.forEach(c::put);
    return complete(Json.response(ok ? 200 : 503, n));
  }

  static byte[] resource(String path) {
    try (InputStream in = SystemRoutes.class.getResourceAsStream(path)) {
      if (in == null) throw new IllegalStateException("resource " + path + " is missing from the runtime jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("could not read resource " + path + ": " + e.getMessage(), e);
    }
  }
}
