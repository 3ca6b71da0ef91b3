package dev.perennial.agents.policy.openai;

import static dev.perennial.agents.policy.openai.CannedHttpServer.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.policy.openai.CannedHttpServer.Canned;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Retries, backoff and the errors a user sees. */
class OpenAiPolicyFailureTest {
  private static PolicyException failure(OpenAiPolicy policy) {
    var e = assertThrows(ExecutionException.class,
        () -> policy.generate(Clients.request()).toCompletableFuture().get());
    return assertInstanceOf(PolicyException.class, e.getCause());
  }

  @Test
  void retriesA429AndThenSucceeds() {
    try (var server = new CannedHttpServer(
        new Canned(429, "application/json", "{\"error\":{\"message\":\"slow down\"}}", Map.of("Retry-After", "0.05")),
        Canned.json(200, resource("vllm-completion.json")))) {
      var g = Clients.policy(server.baseUrl(), "").generate(Clients.request()).toCompletableFuture().join();
      assertEquals(" 42</answer>", g.text());
      assertEquals(2, server.received().size());
    }
  }

  @Test
  void serverErrorsExhaustTheAttemptsWithAClearRetryableError() {
    try (var server = new CannedHttpServer(Canned.json(503, "{\"error\":{\"message\":\"engine overloaded\"}}"))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), ""));
      assertTrue(e.retryable());
      assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("engine overloaded")
          && e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
      assertEquals(3, server.received().size());
    }
  }

  @Test
  void unknownModelIsNotRetriedAndTheMessageNamesIt() {
    String vllm404 = "{\"object\":\"error\",\"message\":\"The model `m` does not exist.\",\"type\":\"NotFoundError\",\"param\":null,\"code\":404}";
    try (var server = new CannedHttpServer(Canned.json(404, vllm404))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), ""));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().startsWith("model 'm' was rejected by"), e.getMessage());
      assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
      assertEquals(1, server.received().size());
    }
  }

  @Test
  void badRequestIsNotRetried() {
    try (var server = new CannedHttpServer(Canned.json(400, "{\"error\":{\"message\":\"max_tokens too large\"}}"))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), ""));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("max_tokens too large") && e.getMessage().contains("'m'"), e.getMessage());
      assertEquals(1, server.received().size());
    }
  }

  @Test
  void missingLogprobsFailWhenTrainingNeedsThem() {
    String body = resource("vllm-completion.json").replaceAll("\"logprobs\":\\{.*?\\]\\},", "\"logprobs\":null,");
    try (var server = new CannedHttpServer(Canned.json(200, body))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), "vllm-extensions = on, require-logprobs = on"));
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("returned no log-probs"), e.getMessage());
    }
  }

  @Test
  void missingTokenIdsFailWhenTrainingNeedsThem() {
    String body = resource("vllm-completion.json").replace("token_id:", "tok");
    try (var server = new CannedHttpServer(Canned.json(200, body))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), "vllm-extensions = on, require-logprobs = on"));
      assertTrue(e.getMessage().contains("returned no token ids"), e.getMessage());
    }
  }

  @Test
  void unreachableEndpointFailsQuicklyWithAClearError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    PolicyException e = failure(Clients.policy("http://127.0.0.1:" + port + "/v1", ""));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("cannot reach OpenAI-compatible endpoint http://127.0.0.1:" + port)
        && e.getMessage().contains("connection refused"), e.getMessage());
    assertTrue(e.retryable());
    assertTrue(millis < 15_000, "took " + millis + " ms");
  }

  @Test
  void aTruncatedStreamIsRetried() {
    String partial = "data: {\"choices\":[{\"index\":0,\"text\":\"4\",\"finish_reason\":null}]}\n\n";
    try (var server = new CannedHttpServer(Canned.sse(partial), Canned.sse(resource("vllm-completion-stream.txt")))) {
      var g = Clients.policy(server.baseUrl(), "stream = on").generate(Clients.request()).toCompletableFuture().join();
      assertEquals(" 42</answer>", g.text());
      assertEquals(2, server.received().size());
    }
  }

  @Test
  void aStalledStreamTimesOut() {
    String partial = "data: {\"choices\":[{\"index\":0,\"text\":\"4\",\"finish_reason\":null}]}\n\n";
    try (var server = new CannedHttpServer(Canned.stalledSse(partial, 3000))) {
      long start = System.nanoTime();
      PolicyException e = failure(Clients.policy(server.baseUrl(), "stream = on, request-timeout = 300ms, retry.max-attempts = 1"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage().contains("request timed out"), e.getMessage());
      assertTrue(e.retryable());
      assertTrue(millis < 2500, "took " + millis + " ms");
    }
  }

  @Test
  void aNonJsonAnswerIsAClearError() {
    try (var server = new CannedHttpServer(new Canned(200, "text/html", "<html>proxy login</html>", Map.of()))) {
      PolicyException e = failure(Clients.policy(server.baseUrl(), ""));
      assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }
  }

  @Test
  void checkModelRejectsAModelTheServerDoesNotList() {
    try (var server = new CannedHttpServer(Canned.json(200, "{\"data\":[{\"id\":\"other\"}]}"))) {
      var e = assertThrows(ExecutionException.class,
          () -> Clients.policy(server.baseUrl(), "").checkModel().toCompletableFuture().get());
      assertTrue(e.getCause().getMessage().contains("model 'm' is not served"), e.getCause().getMessage());
    }
  }
}
