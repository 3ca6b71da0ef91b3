package dev.perennial.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An eval stopped half-way (its actor system shut down while agents are mid-pack) and run again
 * with the same id finishes without redoing what was done, and ends with the same summary and the
 * same episodes as an uninterrupted eval with the same seeds.
 */
class EvalResumeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Object> SIZE = Map.of("perennial.runtime.eval.packs", 2, "perennial.runtime.eval.pack-size", 3,
      "perennial.runtime.eval.samples", 2, "perennial.runtime.eval.concurrency", 2);
  @TempDir Path dir;

  static final class StopHalfWay extends RuntimeException {
    StopHalfWay() { super("stopped half-way on purpose"); }
  }

  @Test
  void aResumedEvalRedoesNothingAndEqualsAnUninterruptedOne() throws Exception {
    Path checkpoint = TinyCheckpoint.write(dir.resolve("ckpt"), 11);
    Path profile = TestConfigs.profile(dir, TestConfigs.SHORT_EPISODES + "perennial.runtime.eval.evals-dir = \"" + dir.resolve("evals") + "\"\n");
    PolicySpec policy = new PolicySpec.Djl(checkpoint);

    EvalJob.Outcome full = job(profile, "full", (f, done, total) -> { }).run(request("full", policy));

    EvalJob interrupted = job(profile, "resumed", (f, done, total) -> {
      if (done == 2) throw new StopHalfWay();
    });
    assertThrows(StopHalfWay.class, () -> interrupted.run(request("resumed", policy)));
    assertTrue(Files.exists(dir.resolve("evals/resumed/data")), "the first half is in the eval's journal");

    EvalJob.Outcome resumed = job(profile, "resumed", (f, done, total) -> { }).run(request("resumed", policy));
    // the stop comes when the second agent is reported done; the other agent working at that moment
    // may finish and persist its last episode before the system is down, so 2 or 3 were done
    int doneBefore = resumed.packsDoneBefore();
    assertTrue(doneBefore >= 2 && doneBefore < 4, "the agents that finished before the stop are not run again: " + doneBefore);
    assertTrue(resumed.policyCalls() < full.policyCalls(), "resumed " + resumed.policyCalls() + " calls, full " + full.policyCalls());

    JsonNode a = JSON.readTree(full.dir().summaryJson().toFile());
    JsonNode b = JSON.readTree(resumed.dir().summaryJson().toFile());
    assertEquals(a.path("metrics"), b.path("metrics"), "same metrics as the uninterrupted run");

    List<String> episodesA = episodes(full.dir().results(), "full");
    List<String> episodesB = episodes(resumed.dir().results(), "resumed");
    assertEquals(episodesA, episodesB, "the same episodes, token for token");
    Set<String> ids = new HashSet<>();
    for (String line : Files.readAllLines(resumed.dir().results())) {
      String id = JSON.readTree(line).path("episode_id").asText();
      assertTrue(ids.add(id), "episode " + id + " appears twice");
      assertTrue(id.contains("#1/"), "every agent walked its pack once: " + id);
    }
  }

  private EvalJob job(Path profile, String id, PackDriver.Listener hook) {
    Config c = TestConfigs.load(profile, SIZE, "perennial.runtime.eval.evals-dir", id);
    return new EvalJob(c, System.err, hook);
  }

  private static EvalJob.Request request(String id, PolicySpec policy) {
    return new EvalJob.Request(id, List.of("hidden-operator"), List.of(), policy);
  }

  /** Each episode's place and content, with the eval id and the timestamps taken out. */
  private static List<String> episodes(Path results, String id) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      var e = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
      e.remove(List.of("started_at_ms", "finished_at_ms"));
      out.add(e.toString().replace(id, "ID"));
    }
    return out;
  }
}
