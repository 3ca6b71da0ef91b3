package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.AgentNodeMain;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestNode;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hard crash: a child JVM runs an agent on the H2 files and is killed with SIGKILL in the
 * middle of the pack (no shutdown hook, no flush). This JVM then starts a node on the same files;
 * the agent comes back by itself and finishes, with every episode exactly once, the ones written
 * before the kill unchanged, and its journal without gaps.
 */
class KilledJvmRecoveryTest {
  static final int PACK_SIZE = 4;
  @TempDir Path dir;

  @Test
  void anAgentKilledWithItsJvmResumesOnTheSameFilesWithoutLossOrDuplicates() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        AgentNodeMain.class.getName(), dir.toString(), "bob", "13", Integer.toString(PACK_SIZE), "150")
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) lines.add(line);
      } catch (Exception ignored) {
        // the stream closes when the child is killed
      }
    }, "child-output");
    reader.setDaemon(true);
    reader.start();

    List<String> beforeKill = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (beforeKill.size() < 3) {
        String line = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        if (line == null) throw new AssertionError("child made no progress; its output:\n" + String.join("\n", output));
        output.add(line);
        if (line.startsWith("EPISODE ")) beforeKill.add(line.substring("EPISODE ".length()));
      }
    } finally {
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(20, TimeUnit.SECONDS));
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL");
    assertTrue(beforeKill.size() < 2 * PACK_SIZE - 1, "killed in the middle of the pack");

    TestNode node = TestNode.start(dir, "afterkill", TestSystems.REMEMBER, c -> TestSystems.deps(c, ScriptedPolicy.of(new CodScript()),
        List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    try {
      List<EpisodeRecord> episodes = node.awaitEpisodes(2 * PACK_SIZE - 1, Duration.ofSeconds(30));
      AgentRecovery.assertCompleteSequence(episodes, PACK_SIZE);
      assertEquals(beforeKill, episodes.subList(0, beforeKill.size()).stream().map(EpisodeRecord::episodeId).toList(),
          "episodes written before the kill are kept, in order");
      H2RecoveryTest.journal(node, "bob"); // asserts sequence numbers without gaps
      assertFalse(episodes.stream().anyMatch(EpisodeRecord::truncated));
    } finally {
      node.stop();
    }
  }
}
