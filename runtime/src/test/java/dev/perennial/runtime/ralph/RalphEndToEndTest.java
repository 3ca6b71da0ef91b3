package dev.perennial.runtime.ralph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.Segment;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.eval.PolicySpec;
import dev.perennial.runtime.eval.RunDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code perennial ralph} end to end: the environments' scripted experts (a real policy, no model)
 * learn a hidden operator from their own hints and pass at the second attempt; a task file runs as
 * one benchmark; the DJL policy on a tiny checkpoint stagnates; in workspace mode the files one
 * attempt wrote are there in the next (shown with a scripted stand-in for a model that keeps
 * notes), and a workspace the sandbox cannot reach is refused before anything runs.
 */
class RalphEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path profile;

  @BeforeAll
  static void setUp() throws Exception {
    // the sandbox runs code as its own uid, which must be able to pass through JUnit's rwx------ folder
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    profile = dir.resolve("test-profile.conf");
    Files.writeString(profile, """
        akka.loglevel = WARNING
        perennial.learner.inference { device = cpu, max-batch-size = 16 }
        perennial.agents {
          max-turns = 3
          policy-retry-backoff = 50ms
          passivate-after-idle = 5s
        }
        perennial.runtime.ralph { ralph-dir = "%s", poll-interval = 20ms, concurrency = 2 }
        """.formatted(dir.resolve("ralph")));
  }

  static Config config(String id, Map<String, Object> overrides) {
    String profiles = Path.of("..", "config", "local.conf") + "," + profile;
    return RunDir.load(m -> Profiles.load(profiles, ConfigFactory.parseMap(m)), new HashMap<>(overrides),
        "perennial.runtime.ralph.ralph-dir", id);
  }

  static RalphJob.Outcome ralph(String id, PolicySpec policy, Map<String, Object> overrides, Optional<String> env, Optional<Path> tasks)
      throws Exception {
    return new RalphJob(config(id, overrides), System.err).run(new RalphJob.Request(id, policy, env, tasks));
  }

  @Test
  void theExpertLearnsFromItsOwnHintsAndPassesAtTheSecondAttempt() throws Exception {
    RalphJob.Outcome out = ralph("expert", PolicySpec.Expert.INSTANCE, Map.of("perennial.runtime.ralph.until-pass", true,
        "perennial.runtime.ralph.max-iterations", 5), Optional.of("hidden-operator"), Optional.empty());
    TaskResult t = out.results().get(0);
    assertEquals(StopRules.PASSED, t.stopReason());
    assertEquals(1, t.firstPass().getAsInt(), "a wrong first guess, then the operator from the hints: " + t);
    assertEquals(List.of(false, true), t.successes());
    Path hints = out.dir().root().resolve("hints").resolve(t.task().id());
    assertEquals("no hints available\n", Files.readString(hints.resolve("attempt-00.txt")));
    assertTrue(Files.readString(hints.resolve("attempt-01.txt")).startsWith("a⊙b = a*b+"), "the hints the expert wrote");
    JsonNode summary = JSON.readTree(out.dir().summaryJson().toFile());
    assertEquals(0.0, summary.path("solved_by_attempt").get(0).path("value").asDouble());
    assertEquals(1.0, summary.path("solved_by_attempt").get(1).path("value").asDouble());
    assertEquals(1, summary.path("stop_reasons").path("passed").asInt());
    assertEquals(2, summary.path("metrics").path("by_attempt").size(), "the same metrics block as eval, by attempt");
    assertTrue(Files.exists(out.dir().plots().resolve("solved-by-attempt.png")));
    assertTrue(Files.exists(out.dir().plots().resolve("reward-by-attempt.png")));
    assertTrue(Files.readString(out.dir().summaryMarkdown()).contains("| task | attempts | first pass | stopped because |"));
  }

  @Test
  void aTaskFileIsOneBenchmark() throws Exception {
    Path file = dir.resolve("tasks.jsonl");
    Files.writeString(file, """
        {"id": "easy", "environment": "hidden-operator", "seed": 3}
        {"id": "harder", "environment": "hidden-operator", "seed": 4, "difficulty": 1}
        """);
    RalphJob.Outcome out = ralph("batch", PolicySpec.Expert.INSTANCE, Map.of("perennial.runtime.ralph.until-pass", true,
        "perennial.runtime.ralph.max-iterations", 4), Optional.empty(), Optional.of(file));
    assertEquals(List.of("easy", "harder"), out.results().stream().map(r -> r.task().id()).toList());
    assertTrue(out.results().stream().allMatch(TaskResult::passed), out.results().toString());
    List<String> lines = Files.readAllLines(out.dir().results());
    assertTrue(lines.stream().allMatch(l -> l.contains("\"task\"") && l.contains("\"attempt\"")));
  }

  @Test
  void theDjlPolicyStagnatesWhenItNeverWritesHints() throws Exception {
    Path checkpoint = dev.perennial.runtime.eval.TinyCheckpointAccess.write(dir.resolve("ckpt"), 5);
    // a random model's text is noise: a few tokens per turn end its episodes quickly
    Map<String, Object> shortTurns = Map.of("perennial.agents.max-tokens-per-turn", 12, "perennial.agents.max-tokens-per-episode", 24,
        "perennial.agents.update-max-tokens", 12);
    Map<String, Object> stagnate = new HashMap<>(shortTurns);
    stagnate.putAll(Map.of("perennial.runtime.ralph.stagnation", 2, "perennial.runtime.ralph.max-iterations", 6));
    RalphJob.Outcome out = ralph("djl", new PolicySpec.Djl(checkpoint), stagnate, Optional.of("hidden-operator"), Optional.empty());
    TaskResult t = out.results().get(0);
    assertEquals(StopRules.STAGNATION, t.stopReason(), t.toString());
    // the stop rules see attempts through status polls, so on a loaded machine a quick attempt or
    // two can pass between polls: what matters is that stagnation stopped it before max-iterations
    assertTrue(t.attempts() >= 2 && t.attempts() < 6, t.toString());
    Map<String, Object> every = new HashMap<>(shortTurns);
    every.putAll(Map.of("perennial.runtime.ralph.stagnation", 0, "perennial.runtime.ralph.max-iterations", 3));
    RalphJob.Outcome all = ralph("djl-all", new PolicySpec.Djl(checkpoint), every, Optional.of("hidden-operator"), Optional.empty());
    assertEquals(StopRules.MAX_ITERATIONS, all.results().get(0).stopReason());
    assertEquals(3, all.results().get(0).attempts());
  }

  @Test
  void workspaceFilesCarryOverAndKeepALoopWithConstantHintsGoing() throws Exception {
    Map<String, Object> settings = Map.of("perennial.runtime.ralph.stagnation", 1, "perennial.runtime.ralph.max-iterations", 4,
        "perennial.runtime.ralph.workspace", true);
    RalphJob.Outcome out = ralph("notes", new PolicySpec.Given(new NoteKeeper()), settings, Optional.of("hidden-operator"),
        Optional.empty());
    TaskResult t = out.results().get(0);
    assertEquals(StopRules.MAX_ITERATIONS, t.stopReason(), "the files changed every attempt: " + t);
    assertEquals(4, t.attempts());
    assertEquals(List.of("seen:", "seen:x", "seen:xx", "seen:xxx"), interpreterOutputs(out.dir().results()));
    assertEquals("xxxx", Files.readString(out.dir().root().resolve("workspaces").resolve(t.task().id()).resolve("log.txt")));

    Map<String, Object> without = new HashMap<>(settings);
    without.put("perennial.runtime.ralph.workspace", false);
    RalphJob.Outcome control = ralph("no-notes", new PolicySpec.Given(new NoteKeeper()), without, Optional.of("hidden-operator"),
        Optional.empty());
    assertEquals(StopRules.STAGNATION, control.results().get(0).stopReason(), "the same hints and no files: nothing changes");
    assertTrue(interpreterOutputs(control.dir().results()).stream().allMatch("seen:"::equals), "no file survives an attempt");
  }

  @Test
  void aWorkspaceTheSandboxCannotReachIsRefusedBeforeTheRun() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(isRoot(), "only a root JVM runs code as another uid");
    Path locked = Files.createDirectories(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ralph("locked", PolicySpec.Expert.INSTANCE,
        Map.of("perennial.runtime.ralph.workspace", true, "perennial.runtime.ralph.workspaces-dir", locked.resolve("ws").toString()),
        Optional.of("hidden-operator"), Optional.empty()));
    assertTrue(e.getMessage().contains("cannot enter " + locked) && e.getMessage().contains("workspaces-dir"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("ralph").resolve("locked").resolve("data")), "no agent ran");
  }

  @Test
  void aBrokenTaskFileIsAClearErrorBeforeTheRun() throws Exception {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, "{\"id\": \"a\", \"environment\": \"hidden-operator\"}\n{\"id\": \"b\", \"environment\": \"nope\"}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ralph("broken", PolicySpec.Expert.INSTANCE, Map.of(), Optional.empty(), Optional.of(file)));
    assertTrue(e.getMessage().contains("line 2: unknown environment 'nope'"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("ralph").resolve("broken").resolve("spec.json")), "nothing was claimed or run");
  }

  @Test
  void theExpertPolicyRefusesTasksWithoutAnExpertBeforeTheRun() throws Exception {
    Path file = dir.resolve("row.jsonl");
    Files.writeString(file, "{\"id\": \"row\", \"data_source\": \"math__perennial_examples\", \"prompt\": "
        + "[{\"role\": \"user\", \"content\": \"1+1?\"}], \"reward_model\": {\"ground_truth\": \"2\"}}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ralph("no-expert", PolicySpec.Expert.INSTANCE, Map.of(), Optional.empty(), Optional.of(file)));
    assertTrue(e.getMessage().contains("--policy expert needs environments with a scripted expert; task:row has none"), e.getMessage());
  }

  private static boolean isRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (Exception e) {
      return false;
    }
  }

  private static List<String> interpreterOutputs(Path results) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(results)) {
      JsonNode e = JSON.readTree(line);
      if (!e.path("kind").asText().equals("solve")) continue;
      for (JsonNode turn : e.path("turns")) {
        String injected = turn.path("injected").asText();
        int at = injected.indexOf("seen:");
        if (at >= 0) out.add(injected.substring(at, injected.indexOf('\n', at)).strip());
      }
    }
    return out;
  }

  /**
   * A scripted stand-in for a model (test only, not a policy anyone would deploy): each attempt it
   * runs python that prints what log.txt holds and appends an "x" to it, then answers 0; its hints
   * are always the same text, so only the workspace can change between attempts.
   */
  static final class NoteKeeper implements Policy {
    @Override
    public CompletionStage<Generation> generate(GenerationRequest r) {
      String context = r.context().stream().map(Segment::text).collect(Collectors.joining());
      String text;
      if (r.params().stop().contains("</hints>")) text = "<hints>keep notes in log.txt</hints>";
      else if (context.contains("<interpreter>")) text = "<answer>0</answer>";
      else text = "<code lang=\"python\">import os\nprev = open('log.txt').read() if os.path.exists('log.txt') else ''\n"
          + "open('log.txt', 'a').write('x')\nprint('seen:' + prev)</code>";
      return CompletableFuture.completedFuture(new Generation(text, new int[0], new float[0], FinishReason.STOP, List.of(), 0, 0, 0));
    }

    @Override
    public String describe() { return "note-keeper (scripted, test only)"; }

    @Override
    public boolean trainable() { return false; }
  }
}
