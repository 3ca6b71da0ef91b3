package dev.perennial.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.runtime.serve.LearnerProbe;
import dev.perennial.runtime.serve.LearnerView;
import dev.perennial.runtime.serve.ServeHarness;
import dev.perennial.runtime.serve.ServeHarness.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of {@code perennial serve}, success and error cases, against a real node (H2 file
 * journal, sharded agents, a bound server) driven over HTTP. The node's policy is scripted; agents
 * whose profile says "djl" get a policy that never answers (to fill queues).
 */
class ServeApiTest {
  static final Duration PATIENCE = Duration.ofSeconds(20);
  static final AtomicReference<Optional<LearnerView>> learner = new AtomicReference<>(Optional.empty());
  static ServeHarness node;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("serve-api");
    ScriptedPolicy stuck = ScriptedPolicy.of(new DeployScript(false)).holding(r -> true);
    LearnerProbe probe = () -> CompletableFuture.completedFuture(learner.get());
    node = ServeHarness.start(dir, """
        perennial.agents.deploy.max-pending-tasks = 3
        perennial.agents.deploy.keep-finished-tasks = 2
        perennial.runtime.serve.max-request-bytes = 16k
        perennial.runtime.serve.max-task-chars = 2000
        akka.http.server.request-timeout = 2s
        """, Optional.of(stuck), probe);
  }

  @AfterAll
  static void stop() { node.close(); }

  // ---- node endpoints

  @Test
  void healthReadyAndTheOpenApiDocument() {
    assertEquals("up", node.get("/health").json().path("status").asText());
    Reply ready = node.get("/ready");
    assertEquals(200, ready.status());
    assertEquals("ready", ready.json().path("status").asText());
    assertTrue(ready.json().path("checks").path("clusterUp").asBoolean());
    Reply doc = node.get("/openapi.yaml");
    assertEquals(200, doc.status());
    assertTrue(doc.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"));
    for (String path : List.of("/agents:", "/agents/{agentId}:", "/agents/{agentId}/tasks:", "/agents/{agentId}/tasks/{taskId}:",
        "/agents/{agentId}/tasks/{taskId}/feedback:", "/agents/{agentId}/context-history:", "/agents/{agentId}/episodes:",
        "/learner:", "/health:", "/ready:", "/metrics:", "/dashboard/snapshot:", "/dashboard/events:")) {
      assertTrue(doc.body().contains("\n  " + path), "the OpenAPI document describes " + path);
    }
  }

  @Test
  void unknownPathsAndMethodsAnswerInTheErrorShape() {
    Reply missing = node.get("/nope");
    assertEquals(404, missing.status());
    assertEquals("not_found", missing.code());
    Reply method = node.send(node.request("/agents").DELETE().build());
    assertEquals(405, method.status());
    assertEquals("method_not_allowed", method.code());
  }

  // ---- agents

  @Test
  void createsListsAndShowsAgents() {
    JsonNode created = node.createAgent("alice", ", \"instructions\": \"add k\", \"hints\": \"k=0\"");
    assertTrue(created.path("deployed").asBoolean());
    assertEquals("default", created.path("profile").path("policy").asText());
    assertEquals("k=0", created.path("hints").asText());
    assertEquals(201, node.post("/agents", "{\"id\": \"alice\", \"tools\": [\"echo\"], \"instructions\": \"add k\", \"hints\": \"k=0\"}")
        .status(), "creating it again as it is is a retry");
    Reply other = node.post("/agents", "{\"id\": \"alice\"}");
    assertEquals(409, other.status());
    assertEquals("conflict", other.code());

    JsonNode shown = node.get("/agents/alice").json();
    assertEquals("alice", shown.path("id").asText());
    assertEquals("echo", shown.path("profile").path("tools").path(0).asText());
    JsonNode list = node.get("/agents?limit=200").json();
    assertTrue(list.path("total").asInt() >= 1);
    List<String> ids = new ArrayList<>();
    list.path("agents").forEach(a -> ids.add(a.path("id").asText()));
    assertTrue(ids.contains("alice"), ids.toString());
    assertEquals(1, node.get("/agents?limit=1").json().path("agents").size());
  }

  @Test
  void refusesBadAgents() {
    assertEquals("bad_json", node.post("/agents", "{not json").code());
    assertEquals("bad_json", node.post("/agents", "[1, 2]").code());
    assertEquals("missing_field", node.post("/agents", "{}").code());
    assertEquals("bad_id", node.post("/agents", "{\"id\": \"has space\"}").code());
    assertEquals("bad_id", node.post("/agents", "{\"id\": \"" + "x".repeat(65) + "\"}").code());
    assertEquals("unknown_field", node.post("/agents", "{\"id\": \"b1\", \"tool\": [\"echo\"]}").code());
    assertEquals("bad_field", node.post("/agents", "{\"id\": \"b1\", \"tools\": \"echo\"}").code());
    Reply tool = node.post("/agents", "{\"id\": \"b1\", \"tools\": [\"teleport\"]}");
    assertEquals(400, tool.status());
    assertEquals("unknown_tool", tool.code());
    assertTrue(tool.json().path("error").path("message").asText().contains("this node has: echo"));
    assertEquals("bad_policy", node.post("/agents", "{\"id\": \"b1\", \"policy\": \"openai:http://x\"}").code(), "openai needs a model");
    assertEquals("bad_policy", node.post("/agents", "{\"id\": \"b1\", \"policy\": \"gpt\"}").code());
    assertEquals("unknown_verifier", node.post("/agents", "{\"id\": \"b1\", \"verifier\": \"astrology\"}").code());
    Reply big = node.post("/agents", "{\"id\": \"b1\", \"instructions\": \"" + "x".repeat(20_000) + "\"}");
    assertEquals(413, big.status());
    assertEquals("too_large", big.code());
    Reply unknown = node.get("/agents/nobody");
    assertEquals(404, unknown.status());
    assertEquals("unknown_agent", unknown.code());
    assertEquals("bad_parameter", node.get("/agents?limit=0").code());
  }

  // ---- tasks

  @Test
  void aVerifiedTaskIsAnsweredSynchronouslyThenTheAgentLearns() {
    node.createAgent("carol", "");
    Reply first = node.post("/agents/carol/tasks", "{\"id\": \"c1\", \"text\": \"x=5\", \"groundTruth\": 8, \"wait\": 20}");
    assertEquals(200, first.status(), first.body());
    JsonNode t = first.json();
    assertEquals("5", t.path("answer").asText());
    assertFalse(t.path("success").asBoolean());
    assertEquals("exact", t.path("verifier").asText());
    assertTrue(first.headers().firstValue("Location").orElse("").endsWith("/agents/carol/tasks/c1"));

    JsonNode done = node.await("/agents/carol/tasks/c1", j -> j.path("status").asText().equals("done"), PATIENCE);
    assertEquals("k=3", done.path("hintsAfter").asText());
    assertEquals("k=3", node.get("/agents/carol").json().path("hints").asText());

    Reply later = node.post("/agents/carol/tasks", "{\"id\": \"c2\", \"text\": \"x=10\", \"groundTruth\": \"13\"}");
    assertEquals(202, later.status(), "without wait the task is answered 202 at once");
    JsonNode c2 = node.await("/agents/carol/tasks/c2", j -> j.path("status").asText().equals("done"), PATIENCE);
    assertEquals("13", c2.path("answer").asText());
    assertTrue(c2.path("success").asBoolean());
    assertEquals(1.0, c2.path("reward").asDouble());
  }

  @Test
  void refusesBadTasks() {
    node.createAgent("dave", "");
    assertEquals("missing_field", node.post("/agents/dave/tasks", "{\"groundTruth\": \"1\"}").code());
    assertEquals("missing_field", node.post("/agents/dave/tasks", "{\"text\": \"   \"}").code());
    assertEquals("too_long", node.post("/agents/dave/tasks", "{\"text\": \"" + "y".repeat(2001) + "\"}").code());
    Reply verifier = node.post("/agents/dave/tasks", "{\"text\": \"x=1\", \"groundTruth\": \"2\", \"verifier\": \"astrology\"}");
    assertEquals(400, verifier.status());
    assertEquals("unknown_verifier", verifier.code());
    assertEquals("bad_field", node.post("/agents/dave/tasks", "{\"text\": \"x=1\", \"wait\": -1}").code());
    assertEquals("bad_field", node.post("/agents/dave/tasks", "{\"text\": \"x=1\", \"extraInfo\": [1]}").code());
    assertEquals("bad_id", node.post("/agents/dave/tasks", "{\"id\": \"a/b\", \"text\": \"x=1\"}").code());
    assertEquals("bad_json", node.post("/agents/dave/tasks", "{\"text\": \"x=1\"} trailing").code());
    Reply agent = node.post("/agents/nobody/tasks", "{\"text\": \"x=1\"}");
    assertEquals(404, agent.status());
    assertEquals("unknown_agent", agent.code());
    assertEquals("unknown_task", node.get("/agents/dave/tasks/never").code());
    assertEquals("unknown_agent", node.get("/agents/nobody/tasks/never").code());
  }

  @Test
  void feedbackClosesAnUnverifiedTaskAndStartsItsUpdate() {
    node.createAgent("erin", "");
    Reply answered = node.post("/agents/erin/tasks", "{\"id\": \"e1\", \"text\": \"x=2\", \"wait\": 20}");
    assertEquals(200, answered.status(), answered.body());
    assertEquals("answered", answered.json().path("status").asText());
    assertEquals("", answered.json().path("verifier").asText());

    assertEquals("missing_field", node.post("/agents/erin/tasks/e1/feedback", "{}").code());
    assertEquals("bad_field", node.post("/agents/erin/tasks/e1/feedback", "{\"reward\": \"high\"}").code());
    assertEquals("bad_field", node.post("/agents/erin/tasks/e1/feedback", "{\"success\": 1}").code());
    assertEquals("unknown_task", node.post("/agents/erin/tasks/zzz/feedback", "{\"reward\": 1}").code());

    Reply fb = node.post("/agents/erin/tasks/e1/feedback", "{\"reward\": 0, \"text\": \"wrong, expected 9\"}");
    assertEquals(202, fb.status(), fb.body());
    assertEquals("updating", fb.json().path("status").asText());
    JsonNode done = node.await("/agents/erin/tasks/e1", j -> j.path("status").asText().equals("done"), PATIENCE);
    assertEquals("k=7", done.path("hintsAfter").asText());
    assertEquals("wrong_state", node.post("/agents/erin/tasks/e1/feedback", "{\"reward\": 1}").code());

    node.post("/agents/erin/tasks", "{\"id\": \"e2\", \"text\": \"x=1\", \"groundTruth\": \"8\", \"wait\": 20}");
    Reply verified = node.post("/agents/erin/tasks/e2/feedback", "{\"reward\": 1}");
    assertEquals(409, verified.status());
    assertTrue(verified.json().path("error").path("message").asText().contains("scored by verifier 'exact'"));
  }

  @Test
  void anAgentWithTooManyUnansweredTasksAnswers429() {
    node.createAgent("frank", ", \"policy\": \"djl\""); // the test's djl policy never answers
    for (int i = 0; i < 3; i++) assertEquals(202, node.post("/agents/frank/tasks", "{\"text\": \"x=" + i + "\"}").status());
    Reply full = node.post("/agents/frank/tasks", "{\"text\": \"x=9\"}");
    assertEquals(429, full.status());
    assertEquals("queue_full", full.code());
    assertEquals("1", full.headers().firstValue("Retry-After").orElse(""));
    Reply waited = node.post("/agents/frank/tasks", "{\"id\": \"f0\", \"text\": \"x=0\", \"wait\": 0.3}");
    assertEquals(429, waited.status(), "refused before any wait");
  }

  @Test
  void aHeldSubmissionOutlivesTheServersRequestTimeoutAndEndsIn202() {
    node.createAgent("slowpoke", ", \"policy\": \"djl\"");
    long start = System.nanoTime();
    Reply r = node.post("/agents/slowpoke/tasks", "{\"id\": \"s1\", \"text\": \"x=1\", \"wait\": 3}");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(202, r.status(), r.body());
    assertEquals("solving", r.json().path("status").asText());
    assertTrue(millis >= 2900, "held for the wait (3 s), past the server's 2 s request timeout: " + millis + " ms");
  }

  @Test
  void finishedTasksTheAgentNoLongerKeepsAreReadBackFromTheJournal() {
    node.createAgent("olga", "");
    for (int i = 1; i <= 4; i++) {
      assertEquals(200, node.post("/agents/olga/tasks", "{\"id\": \"o" + i + "\", \"text\": \"x=" + i + "\", \"groundTruth\": "
          + (i + 3) + ", \"wait\": 20}").status());
    }
    node.await("/agents/olga/tasks/o4", j -> j.path("status").asText().equals("done"), PATIENCE);
    // the agent keeps the last 2 finished tasks; o1 and o2 come from the journal, the same as they ended
    for (String id : List.of("o1", "o2", "o3", "o4")) {
      JsonNode t = node.get("/agents/olga/tasks/" + id).json();
      assertEquals("done", t.path("status").asText(), t.toString());
      assertEquals("k=3", t.path("hintsAfter").asText(), t.toString());
    }
    JsonNode o1 = node.get("/agents/olga/tasks/o1").json();
    assertEquals("1", o1.path("answer").asText());
    assertEquals(0.0, o1.path("reward").asDouble());
    assertEquals(0, o1.path("position").asInt());
    assertEquals("unknown_task", node.get("/agents/olga/tasks/o9").code());
  }

  // ---- history

  @Test
  void contextHistoryAndEpisodesArePagedFromTheJournal() {
    node.createAgent("gina", "");
    node.post("/agents/gina/tasks", "{\"id\": \"g1\", \"text\": \"x=1\", \"groundTruth\": \"4\", \"wait\": 20}");
    node.await("/agents/gina/tasks/g1", j -> j.path("status").asText().equals("done"), PATIENCE);
    node.post("/agents/gina/tasks", "{\"id\": \"g2\", \"text\": \"x=2\", \"groundTruth\": \"7\", \"wait\": 20}");
    node.await("/agents/gina/tasks/g2", j -> j.path("status").asText().equals("done"), PATIENCE);

    JsonNode history = node.get("/agents/gina/context-history").json();
    JsonNode changes = history.path("changes");
    assertEquals(2, changes.size(), history.toString());
    assertEquals("no hints available", changes.path(0).path("previous").asText());
    assertEquals("k=3", changes.path(0).path("hints").asText());
    assertEquals("k=5", changes.path(1).path("hints").asText());
    assertEquals("k=3", changes.path(1).path("previous").asText());
    JsonNode diff = changes.path(1).path("diff");
    assertEquals("-", diff.path(0).path("op").asText());
    assertEquals("+", diff.path(1).path("op").asText());
    assertEquals(1, node.get("/agents/gina/context-history?from=" + (changes.path(1).path("sequenceNr").asLong())).json()
        .path("changes").size());

    JsonNode page = node.get("/agents/gina/episodes?limit=1").json();
    assertEquals(1, page.path("episodes").size());
    JsonNode first = page.path("episodes").path(0);
    assertEquals("solve", first.path("kind").asText());
    assertEquals("external", first.path("environment").asText());
    List<String> kinds = new ArrayList<>();
    first.path("trajectory").forEach(s -> kinds.add(s.path("kind").asText()));
    assertEquals(List.of("prompt", "plan", "code", "interpreter", "reflect", "answer"), kinds);
    assertEquals("echo", first.path("trajectory").path(2).path("tool").asText());
    long next = page.path("next").asLong();
    assertTrue(next > 0);
    JsonNode rest = node.get("/agents/gina/episodes?limit=100&from=" + next).json();
    assertEquals(3, rest.path("episodes").size(), "update, solve, update");
    assertTrue(rest.path("next").isNull());
    JsonNode updates = node.get("/agents/gina/episodes?kind=update&trajectory=false").json().path("episodes");
    assertEquals(2, updates.size());
    assertTrue(updates.path(0).path("trajectory").isMissingNode());
    assertEquals("bad_parameter", node.get("/agents/gina/episodes?kind=other").code());
    assertEquals("bad_parameter", node.get("/agents/gina/episodes?limit=1000").code());
    assertEquals("unknown_agent", node.get("/agents/nobody/episodes").code());
    assertEquals("unknown_agent", node.get("/agents/nobody/context-history").code());
  }

  // ---- learner, metrics

  @Test
  void learnerStatusWhenALearnerRuns() {
    learner.set(Optional.empty());
    Reply none = node.get("/learner");
    assertEquals(404, none.status());
    assertEquals("no_learner", none.code());
    learner.set(Optional.of(new LearnerView(4, 17, 12, 1, Optional.of(0.75), Map.of("loss", 0.5), false, Optional.empty())));
    JsonNode l = node.get("/learner").json();
    assertEquals(4, l.path("policyVersion").asInt());
    assertEquals(17, l.path("step").asInt());
    assertEquals(12, l.path("queuedEpisodes").asInt());
    assertEquals(0.5, l.path("recentMetrics").path("loss").asDouble());
    learner.set(Optional.empty());
  }

  @Test
  void metricsInPrometheusFormat() {
    node.createAgent("hank", "");
    node.post("/agents/hank/tasks", "{\"text\": \"x=3\", \"groundTruth\": \"6\", \"wait\": 20}");
    Reply m = node.get("/metrics");
    assertEquals(200, m.status());
    assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    for (String metric : List.of("perennial_episodes_total{", "perennial_episode_reward_count", "perennial_journal_write_seconds_bucket",
        "perennial_policy_queue_seconds_count", "perennial_policy_latency_seconds_bucket", "perennial_generated_tokens_total",
        "perennial_tool_calls_total{", "perennial_tasks_total{", "perennial_learner_step_seconds_count", "perennial_learner_version",
        "jvm_memory_used_bytes")) {
      assertTrue(m.body().contains(metric), "metrics have " + metric);
    }
  }

  // ---- dashboard

  @Test
  void theDashboardPageItsFilesAndItsData() throws Exception {
    Reply page = node.getAnonymous("/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<title>Perennial</title>"));
    assertEquals(200, node.getAnonymous("/dashboard/static/app.js").status());
    assertEquals(200, node.getAnonymous("/dashboard/static/charts.js").status());
    assertEquals(404, node.getAnonymous("/dashboard/static/../../openapi/perennial.yaml").status());

    node.createAgent("ivy", "");
    node.post("/agents/ivy/tasks", "{\"text\": \"x=3\", \"groundTruth\": \"4\", \"wait\": 20}");
    JsonNode snap = node.await("/dashboard/snapshot", s -> {
      for (JsonNode a : s.path("agents")) if (a.path("agentId").asText().equals("ivy") && a.path("solves").asInt() > 0) return true;
      return false;
    }, PATIENCE);
    assertTrue(snap.path("recent").size() > 0);
    assertTrue(snap.path("positions").size() > 0);

    // the event stream delivers the next episode as it completes
    var events = node.client().sendAsync(node.request("/dashboard/events").build(),
        java.net.http.HttpResponse.BodyHandlers.ofLines());
    var lines = events.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, lines.statusCode());
    assertTrue(lines.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    node.post("/agents/ivy/tasks", "{\"text\": \"x=4\", \"groundTruth\": \"5\"}");
    var episodeLine = CompletableFuture.supplyAsync(() -> lines.body().filter(l -> l.replace(" ", "").equals("event:episode")).findFirst());
    assertTrue(episodeLine.get(20, java.util.concurrent.TimeUnit.SECONDS).isPresent());
  }
}
