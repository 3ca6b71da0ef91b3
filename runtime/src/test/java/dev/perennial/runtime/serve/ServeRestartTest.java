package dev.perennial.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node restarted in the middle of accepted tasks finishes every one of them: none lost, none
 * failed, none solved twice. Tasks are journaled before the API answers, so whatever was queued
 * or in flight when the node went down is re-driven when its agent comes back.
 */
class ServeRestartTest {
  static final int TASKS = 8;
  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void aStoppedNodeFinishesEveryAcceptedTaskAfterItsRestart() throws Exception {
    Path dir = Files.createTempDirectory("serve-restart");
    ScriptedPolicy slow = ScriptedPolicy.of(new DeployScript(true)).withDelay(Duration.ofMillis(150));
    List<String> ids;
    try (ServeHarness first = ServeHarness.start(dir, "", Optional.of(slow), LearnerProbe.NONE)) {
      ids = submit(first);
      awaitSomeAnswered(first, ids, 2);
    }
    ScriptedPolicy fast = ScriptedPolicy.of(new DeployScript(true));
    try (ServeHarness second = ServeHarness.start(dir, "", Optional.of(fast), LearnerProbe.NONE)) {
      assertAllFinished(second, ids);
    }
  }

  @Test
  @Tag("slow")
  void aKilledNodeFinishesEveryAcceptedTaskAfterItsRestart() throws Exception {
    Path dir = Files.createTempDirectory("serve-killed");
    Process child = spawn(dir, "a", 150);
    List<String> ids;
    try {
      ServeHarness client = ServeHarness.remote(awaitPort(dir.resolve("port-a"), child), "");
      ids = submit(client);
      awaitSomeAnswered(client, ids, 2);
    } finally {
      child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hooks, nothing flushed
    }
    Process again = spawn(dir, "b", 0);
    try {
      assertAllFinished(ServeHarness.remote(awaitPort(dir.resolve("port-b"), again), ""), ids);
    } finally {
      again.destroy();
      again.waitFor();
    }
  }

  /** An agent on the slow policy, and TASKS tasks: every other one verified, the rest waiting for feedback. */
  static List<String> submit(ServeHarness node) {
    node.createAgent("keeper", ", \"policy\": \"djl\"");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      String id = "k" + i;
      String truth = i % 2 == 0 ? ", \"groundTruth\": \"" + (i + 3) + "\"" : "";
      ServeHarness.Reply r = node.post("/agents/keeper/tasks", "{\"id\": \"" + id + "\", \"text\": \"x=" + i + "\"" + truth + "}");
      assertTrue(r.status() == 202 || r.status() == 200, r.body());
      ids.add(id);
    }
    return ids;
  }

  static void awaitSomeAnswered(ServeHarness node, List<String> ids, int n) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      long settled = ids.stream().filter(id -> settled(node.get("/agents/keeper/tasks/" + id).json())).count();
      if (settled >= n && settled < ids.size()) return;
      if (settled == ids.size()) throw new AssertionError("all tasks finished before the restart: slow the policy down");
      ServeHarness.sleep(20);
    }
    throw new AssertionError("no task was answered before the restart");
  }

  static void assertAllFinished(ServeHarness node, List<String> ids) {
    for (String id : ids) {
      JsonNode t = node.await("/agents/keeper/tasks/" + id, ServeRestartTest::finished, PATIENCE);
      String expected = t.path("verifier").asText().isEmpty() ? "answered" : "done";
      assertEquals(expected, t.path("status").asText(), t.toString());
    }
    // each task was solved exactly once: one solve episode per task in the journal
    JsonNode episodes = node.get("/agents/keeper/episodes?kind=solve&limit=100&trajectory=false").json().path("episodes");
    Set<String> solved = new HashSet<>();
    episodes.forEach(e -> assertTrue(solved.add(e.path("taskId").asText()), "solved twice: " + e.path("taskId").asText()));
    assertEquals(TASKS / 2, solved.size(), "verified tasks have their solve episode in the stream; the others wait for feedback");
    assertEquals(TASKS, node.get("/agents/keeper").json().path("tasks").path("accepted").asInt());
  }

  private static boolean settled(JsonNode t) {
    return List.of("answered", "updating", "done", "failed", "expired").contains(t.path("status").asText());
  }

  private static boolean finished(JsonNode t) {
    String s = t.path("status").asText();
    return s.equals("done") || s.equals("failed") || (s.equals("answered") && t.path("verifier").asText().isEmpty());
  }

  private static Process spawn(Path dir, String name, long delay) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ServeMain.class.getName(), dir.toString(), dir.resolve("port-" + name).toString(), Long.toString(delay))
        .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + name + ".log").toFile()).start();
  }

  private static int awaitPort(Path file, Process child) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) return Integer.parseInt(Files.readString(file).strip());
      if (!child.isAlive()) throw new AssertionError("the node died at start-up; see " + file.resolveSibling("node-*.log"));
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not start within 90 s");
  }
}
