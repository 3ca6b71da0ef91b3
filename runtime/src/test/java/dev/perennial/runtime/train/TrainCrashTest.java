package dev.perennial.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.learner.ledger.LedgerCsv;
import dev.perennial.learner.ledger.LedgerEntry;
import dev.perennial.runtime.cli.PerennialCli;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of `perennial train`: a child JVM runs a tiny train job and is killed with SIGKILL
 * in the middle of RL (after its learner committed step 2); a second run with the same run id
 * resumes from the last committed checkpoint and stream offset and finishes, and the episode-id
 * ledger then holds no episode twice and loses none: every completed episode in the journal is
 * trained, dropped with a reason, or still pending after the learner's resume offset.
 */
@Tag("slow")
@Tag("multijvm") // a child JVM is killed: runs with the integration tests (scripts/test.sh)
class TrainCrashTest {
  static final int STEPS = 6;
  @TempDir Path dir;

  private Process train(Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path config = Path.of("../config").toAbsolutePath().normalize();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
        "-Dlogback.configurationFile=" + config.resolve("logback.xml"),
        "-Dai.djl.pytorch.num_interop_threads=1", "-cp", System.getProperty("java.class.path"), PerennialCli.class.getName(),
        "train", "--profile", config.resolve("local.conf") + "," + config.resolve("train.conf"), "--run-id", "crash",
        "--rl-steps", Integer.toString(STEPS), "--sft-packs", "8", "--sft-steps", "10", "--eval-packs", "2"));
    for (String set : List.of("perennial.train.runs-dir=" + dir, "perennial.train.eval.before-sft=off",
        "perennial.train.rl.groups-in-flight=2", "perennial.learner.loop.group-size=2",
        "perennial.learner.rl.dynamic-sampling.groups-per-batch=1", "perennial.learner.rl.dynamic-sampling.enabled=off",
        "perennial.learner.model.hidden-size=32", "perennial.learner.model.intermediate-size=64",
        "perennial.learner.model.num-hidden-layers=2", "perennial.train.pack-size=3", "perennial.train.eval.pack-size=3")) {
      cmd.add("--set");
      cmd.add(set);
    }
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @Test
  void aRunKilledInTheMiddleOfRlResumesWithNoEpisodeTrainedTwiceOrLost() throws Exception {
    Path progress = dir.resolve("crash/progress.json");
    Process first = train(dir.resolve("first.log"));
    long committedAtKill = -1;
    try {
      long deadline = System.currentTimeMillis() + 600_000;
      while (System.currentTimeMillis() < deadline && first.isAlive()) {
        if (Files.exists(progress)) {
          long step = new ObjectMapper().readTree(progress.toFile()).path("step").asLong();
          if (step >= 2) {
            committedAtKill = step;
            break;
          }
        }
        Thread.sleep(200);
      }
    } finally {
      first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(committedAtKill >= 2 && committedAtKill < STEPS,
        "killed in the middle of RL (step " + committedAtKill + "); output:\n" + tail(dir.resolve("first.log")));
    assertEquals(137, first.exitValue(), "killed by SIGKILL");

    Process second = train(dir.resolve("second.log"));
    assertTrue(second.waitFor(15, TimeUnit.MINUTES), "the resumed run finished");
    assertEquals(0, second.exitValue(), "the resumed run succeeded; output:\n" + tail(dir.resolve("second.log")));

    JsonNode audit = new ObjectMapper().readTree(dir.resolve("crash/ledger-audit.json").toFile());
    assertTrue(audit.path("ok").asBoolean(), audit.toPrettyString());
    assertEquals(0, audit.path("lost").size(), "no episode lost");
    assertEquals(audit.path("episodes_in_journal").asInt(), audit.path("distinct_episodes").asInt(), "every episode once in the journal");
    List<LedgerEntry> ledger = LedgerCsv.read(dir.resolve("crash/ledger.csv"));
    Set<String> ids = new HashSet<>();
    for (LedgerEntry e : ledger) assertTrue(ids.add(e.episodeId()), "decided twice: " + e.episodeId());
    assertEquals(audit.path("trained").asLong() + audit.path("dropped").asLong(), ledger.size());
    long steps = ledger.stream().filter(e -> e.outcome() == LedgerEntry.Outcome.TRAINED).mapToLong(LedgerEntry::step).distinct().count();
    assertEquals(STEPS, steps, "every step 1.." + STEPS + " trained something");
    List<String> metrics = Files.readAllLines(dir.resolve("crash/metrics.csv"));
    assertEquals(STEPS + 1, metrics.size(), "one metrics line per committed step");
    assertTrue(Files.readString(dir.resolve("second.log")).contains("run crash"), "the second run is the same run");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(File.separator.equals("/") ? "\n" : "\r\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (Exception e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
