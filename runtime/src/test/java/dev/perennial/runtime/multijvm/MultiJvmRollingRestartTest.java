package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling restart: each of the three nodes in turn is stopped (SIGTERM: it leaves the cluster,
 * handing its singletons and shards over) and started again, while training goes on; afterwards
 * the ledger shows every episode consumed exactly once.
 */
@Tag("slow")
// Not in the CI set (tag "multijvm") for now: on 2-core machines a singleton hand-over sometimes
// overlaps the old stand-in learner's last write (the journal rejects the duplicate, nothing is
// lost) and the stand-in's stream then stalls; 2 of 5 runs on 2026-11-22. Run it with
// mvn -pl persistence,runtime -am test -Dperennial.slow=true -Dtest=MultiJvmRollingRestartTest -Dsurefire.failIfNoSpecifiedTests=false
@Tag("rolling")
class MultiJvmRollingRestartTest {
  @Test
  void restartingEveryNodeInTurnDoesNotStopTraining() throws Exception {
    try (Scenario s = new Scenario("rolling-restart-h2", new ClusterHarness(ClusterHarness.workDir("rolling-restart-h2"), 3, Scenario.SETTINGS, Optional.empty()))) {
      s.startAll();
      long consumed = s.awaitConsumed(40, Duration.ofMinutes(4));
      for (int i = 1; i <= 3; i++) {
        long t0 = System.currentTimeMillis();
        s.cluster.terminate(i);
        s.timings.put("node" + i + "_stop_ms", System.currentTimeMillis() - t0);
        long whileDown = s.reader.consumed();
        s.cluster.start(i, Scenario.UP);
        s.timings.put("node" + i + "_down_ms", System.currentTimeMillis() - t0);
        long afterUp = s.awaitConsumed(Math.max(whileDown, consumed) + 20, Duration.ofMinutes(3));
        assertTrue(afterUp > consumed, "training went on while node-" + i + " restarted");
        consumed = afterUp;
      }
      s.finishAndCheck(Duration.ofMinutes(6));
      s.writeSummary();
    }
  }
}
