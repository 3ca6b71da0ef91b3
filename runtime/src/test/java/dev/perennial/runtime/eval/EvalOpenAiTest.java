package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perennial eval --policy openai:…} against the project's own {@code serve-policy} endpoint
 * (a tiny checkpoint behind the OpenAI-compatible server), and the ways that goes wrong: an
 * unreachable endpoint, a model name the server does not serve, a server that dies mid-run.
 */
class EvalOpenAiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> SMALL = Map.of("perennial.runtime.eval.packs", 1, "perennial.runtime.eval.pack-size", 2,
      "perennial.runtime.eval.samples", 2);
  @TempDir static Path dir;
  static Path checkpoint;
  static Path profile;
  static PolicyEndpoint endpoint;

  @BeforeAll
  static void serve() throws Exception {
    checkpoint = TinyCheckpoint.write(dir.resolve("ckpt"), 3);
    profile = TestConfigs.profile(dir, TestConfigs.SHORT_EPISODES + """
        perennial.runtime.eval.evals-dir = "%s"
        perennial.runtime.openai { port = 0, model-name = "tiny" }
        perennial.agents.policy-retries = 1
        perennial.agents.openai.retry { max-attempts = 2, initial-backoff = 20ms, max-backoff = 50ms }
        """.formatted(dir.resolve("evals")));
    endpoint = PolicyEndpoint.start(config("serve", Map.of()), checkpoint);
  }

  @AfterAll
  static void stop() { endpoint.close(); }

  static Config config(String id, Map<String, Object> overrides) {
    Map<String, Object> all = new HashMap<>(SMALL);
    all.putAll(overrides);
    return TestConfigs.load(profile, all, "perennial.runtime.eval.evals-dir", id);
  }

  static EvalJob.Outcome eval(String id, PolicySpec policy, PackDriver.Listener hook) throws Exception {
    return new EvalJob(config(id, Map.of()), System.err, hook).run(new EvalJob.Request(id, List.of("hidden-operator"), List.of(), policy));
  }

  @Test
  void evaluatesThroughTheServePolicyEndpoint() throws Exception {
    EvalJob.Outcome out = eval("served", PolicySpec.parse("openai:" + endpoint.baseUrl(), "tiny"), (f, d, t) -> { });
    assertEquals(2 * (2 + 1), Files.readAllLines(out.dir().results()).size());
    var summary = JSON.readTree(out.dir().summaryJson().toFile());
    assertTrue(summary.path("policy").asText().startsWith("openai:" + endpoint.baseUrl()), summary.path("policy").asText());
    assertEquals(4, summary.path("metrics").path("all").path("solves").asInt());
  }

  @Test
  void anUnreachableEndpointIsAClearErrorBeforeTheRun() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    IOException e = assertThrows(IOException.class,
        () -> eval("unreachable", PolicySpec.parse("openai:http://127.0.0.1:" + port + "/v1", "tiny"), (f, d, t) -> { }));
    assertTrue(e.getMessage().contains("cannot reach") && e.getMessage().contains("connection refused"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("evals/unreachable")), "nothing was started");
  }

  @Test
  void aModelTheServerDoesNotServeIsAClearErrorBeforeTheRun() {
    IOException e = assertThrows(IOException.class,
        () -> eval("wrong-model", PolicySpec.parse("openai:" + endpoint.baseUrl(), "gpt-9"), (f, d, t) -> { }));
    assertTrue(e.getMessage().contains("'gpt-9' is not served") && e.getMessage().contains("[tiny]"), e.getMessage());
  }

  @Test
  void anEndpointThatDiesMidRunFailsTheRunWithTheReason() throws Exception {
    PolicyEndpoint dying = PolicyEndpoint.start(config("serve-dying", Map.of()), checkpoint);
    String url = dying.baseUrl();
    try {
      PackDriver.RunFailed e = assertThrows(PackDriver.RunFailed.class, () -> new EvalJob(config("dying",
              Map.of("perennial.runtime.eval.pack-size", 3, "perennial.runtime.eval.concurrency", 1)), System.err,
          (f, done, total) -> dying.close())
          .run(new EvalJob.Request("dying", List.of("hidden-operator"), List.of(), PolicySpec.parse("openai:" + url, "tiny"))));
      assertTrue(e.getMessage().contains("halted") && e.getMessage().contains("cannot reach"), e.getMessage());
      assertTrue(e.getMessage().contains("re-run with the same id to resume"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("evals/dying/summary.json")), "no summary of a run that did not finish");
    } finally {
      dying.close();
    }
  }
}
