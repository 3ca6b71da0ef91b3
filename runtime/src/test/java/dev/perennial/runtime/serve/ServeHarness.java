package dev.perennial.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import dev.perennial.agents.deploy.VerifierLookup;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestFormatScorer;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.tools.ToolRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real {@code perennial serve} node for tests: an H2 file journal in a temporary directory, a
 * free loopback port, the scripted policy (test scope: never a real model) as the node's default,
 * the echo tool, the built-in verifiers. Plus a java.net.http client that speaks to it.
 */
public final class ServeHarness implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status, body (parsed when JSON), headers. */
  public record Reply(int status, String body, java.net.http.HttpHeaders headers) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    public String code() { return json().path("error").path("code").asText(); }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** The node when it runs in this JVM (null for a node in another process). */
  public final Serve serve;
  private final int port;
  private final String token;

  private ServeHarness(Serve serve, int port, String token) {
    this.serve = serve;
    this.port = port;
    this.token = token;
  }

  /** A client of a node in another process. */
  public static ServeHarness remote(int port, String token) { return new ServeHarness(null, port, token); }

  /** The default node: scripted default policy, {@code djl} = {@code djl} when given (a second, test policy). */
  public static ServeHarness start(Path dataDir, String extraConfig, Optional<Policy> djl, LearnerProbe learner) {
    Serve serve = Serve.start(config(dataDir, extraConfig), components(djl, learner));
    return new ServeHarness(serve, serve.port(), token(dataDir, extraConfig));
  }

  public static Config config(Path dataDir, String extraConfig) {
    return TestSystems.h2Cluster(dataDir, """
        perennial.runtime.serve.port = 0
        perennial.agents.passivate-after-idle = 30s
        """ + extraConfig);
  }

  private static String token(Path dataDir, String extraConfig) {
    return config(dataDir, extraConfig).getString("perennial.runtime.serve.auth.token");
  }

  /** The scripted default policy, the echo tool, the built-in verifiers, the test format scorer. */
  public static ServeComponents components(Optional<Policy> djl, LearnerProbe learner) {
    return new ServeComponents(Optional.of(ScriptedPolicy.of(new DeployScript(true))), djl,
        ToolRegistry.of(List.of(new TestTools.Echo())), EnvironmentLookup.of(List.of()), VerifierLookup.builtIn(),
        new TestFormatScorer(), learner);
  }

  public static ServeHarness start(Path dataDir) { return start(dataDir, "", Optional.empty(), LearnerProbe.NONE); }

  public String url(String path) { return "http://127.0.0.1:" + port + path; }

  public Reply get(String path) { return send(request(path).GET().build()); }

  public Reply post(String path, String json) {
    return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** Without the token, whatever the node requires. */
  public Reply getAnonymous(String path) { return send(HttpRequest.newBuilder(URI.create(url(path))).GET().build()); }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r.headers());
    } catch (Exception e) {
      throw new AssertionError("request " + request.uri() + " failed: " + e, e);
    }
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
    return token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
  }

  public HttpClient client() { return http; }

  /** Creates an agent with the echo tool (201 expected). */
  public JsonNode createAgent(String id, String extraFields) {
    Reply r = post("/agents", "{\"id\": \"" + id + "\", \"tools\": [\"echo\"]" + extraFields + "}");
    if (r.status() != 201) throw new AssertionError("create " + id + ": " + r.status() + " " + r.body());
    return r.json();
  }

  /** Polls {@code path} until {@code done} holds for its JSON. */
  public JsonNode await(String path, Predicate<JsonNode> done, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    Reply last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (last.status() == 200 && done.test(last.json())) return last.json();
      sleep(50);
    }
    throw new AssertionError("gave up waiting on " + path + "; last: " + (last == null ? "none" : last.status() + " " + last.body()));
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (serve != null) serve.close();
  }
}
