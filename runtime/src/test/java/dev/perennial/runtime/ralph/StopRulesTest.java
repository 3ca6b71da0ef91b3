package dev.perennial.runtime.ralph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.Counters;
import dev.perennial.agents.episode.EpisodeKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each stop rule of a Ralph loop, on the agent statuses the driver would see. */
class StopRulesTest {
  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong();

  private static RalphSettings settings(String overrides) {
    return RalphSettings.from(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load()));
  }

  private static AgentStatus at(int attempt, EpisodeKind kind, String hints, long successes) {
    Counters c = new Counters(1, 0, attempt, attempt, successes, 0, 0, 0, 0, 0, 0, 0);
    return new AgentStatus("a", AgentStatus.Activity.WORKING, hints, Optional.of("p"), Optional.of("g"), attempt, 10,
        Optional.of("a#1/" + (kind == EpisodeKind.SOLVE ? "s" : "u") + attempt), Optional.of(kind), Optional.empty(),
        Optional.empty(), c, Optional.empty(), AgentStatus.TaskCounts.NONE);
  }

  @Test
  void untilPassStopsAtTheFirstPass() {
    StopRules on = new StopRules(settings("perennial.runtime.ralph.until-pass = on"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.empty(), on.check(at(0, EpisodeKind.SOLVE, "no hints", 0)));
    assertEquals(Optional.of(StopRules.PASSED), on.check(at(0, EpisodeKind.UPDATE, "no hints", 1)));
    StopRules off = new StopRules(settings("perennial.runtime.ralph.until-pass = off"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.empty(), off.check(at(0, EpisodeKind.UPDATE, "no hints", 1)));
  }

  @Test
  void unchangedHintsForKAttemptsAreStagnationAndAChangeResetsTheCount() {
    StopRules r = new StopRules(settings("perennial.runtime.ralph.stagnation = 2"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.empty(), r.check(at(0, EpisodeKind.SOLVE, "no hints", 0)));
    assertEquals(Optional.empty(), r.check(at(1, EpisodeKind.SOLVE, "k is 3", 0)));   // changed
    assertEquals(Optional.empty(), r.check(at(2, EpisodeKind.SOLVE, "k is 3", 0)));   // same once
    assertEquals(Optional.empty(), r.check(at(3, EpisodeKind.SOLVE, "k is 4", 0)));   // changed again
    assertEquals(Optional.empty(), r.check(at(3, EpisodeKind.UPDATE, "k is 4", 0)));  // same attempt: not counted
    assertEquals(Optional.empty(), r.check(at(4, EpisodeKind.SOLVE, "k is 4", 0)));
    assertEquals(Optional.of(StopRules.STAGNATION), r.check(at(5, EpisodeKind.SOLVE, "k is 4", 0)));
    StopRules never = new StopRules(settings("perennial.runtime.ralph.stagnation = 0"), Optional.empty(), "no hints", clock::get);
    for (int i = 0; i < 6; i++) assertEquals(Optional.empty(), never.check(at(i, EpisodeKind.SOLVE, "same", 0)));
  }

  @Test
  void attemptsBeforeTheFirstLookCountFromTheLoopsStart() {
    // the first poll came after attempts 0..2 had passed unseen, with the initial hints all along
    StopRules r = new StopRules(settings("perennial.runtime.ralph.stagnation = 2"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.of(StopRules.STAGNATION), r.check(at(3, EpisodeKind.SOLVE, "no hints", 0)));
    StopRules learned = new StopRules(settings("perennial.runtime.ralph.stagnation = 2"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.empty(), learned.check(at(3, EpisodeKind.SOLVE, "k is 3", 0)), "the hints changed since the start");
  }

  @Test
  void workspaceChangesKeepALoopWithConstantHintsGoingUntilTheyStopOrGrowTooLarge() throws Exception {
    StopRules r = new StopRules(settings("perennial.runtime.ralph { stagnation = 1, max-workspace-bytes = 100 }"), Optional.of(dir),
        "no hints", clock::get);
    assertEquals(Optional.empty(), r.check(at(0, EpisodeKind.SOLVE, "same", 0)));
    Files.writeString(dir.resolve("notes.txt"), "attempt 0");
    assertEquals(Optional.empty(), r.check(at(1, EpisodeKind.SOLVE, "same", 0)), "the files changed");
    assertEquals(Optional.of(StopRules.STAGNATION), r.check(at(2, EpisodeKind.SOLVE, "same", 0)), "nothing changed");
    StopRules big = new StopRules(settings("perennial.runtime.ralph.max-workspace-bytes = 100"), Optional.of(dir), "no hints", clock::get);
    Files.writeString(dir.resolve("big.txt"), "x".repeat(200));
    assertEquals(Optional.of(StopRules.TOO_LARGE), big.check(at(0, EpisodeKind.SOLVE, "same", 0)));
    assertEquals(3, r.seen().size(), "what the workspace held at the start of attempts 0, 1 and 2");
  }

  @Test
  void aWorkspaceStateHashesContentsAndNeverFollowsLinks() throws Exception {
    Files.writeString(dir.resolve("a.txt"), "one");
    WorkspaceState before = WorkspaceState.of(dir);
    assertEquals(1, before.files());
    assertEquals(3, before.bytes());
    Files.createSymbolicLink(dir.resolve("escape"), Path.of("/etc/passwd"));
    WorkspaceState linked = WorkspaceState.of(dir);
    assertEquals(3, linked.bytes(), "the link's target is not read");
    org.junit.jupiter.api.Assertions.assertNotEquals(before, linked, "but the link itself is a change");
    Files.writeString(dir.resolve("a.txt"), "two");
    org.junit.jupiter.api.Assertions.assertNotEquals(linked.digest(), WorkspaceState.of(dir).digest(), "same size, other content");
  }

  @Test
  void anEpisodeLongerThanTheAttemptTimeoutStopsTheLoop() {
    StopRules r = new StopRules(settings("perennial.runtime.ralph.attempt-timeout = 10s"), Optional.empty(), "no hints", clock::get);
    assertEquals(Optional.empty(), r.check(at(0, EpisodeKind.SOLVE, "h", 0)));
    clock.addAndGet(9_000_000_000L);
    assertEquals(Optional.empty(), r.check(at(0, EpisodeKind.SOLVE, "h", 0)));
    assertEquals(Optional.empty(), r.check(at(0, EpisodeKind.UPDATE, "h", 0)), "a new episode restarts the clock");
    clock.addAndGet(11_000_000_000L);
    assertEquals(Optional.of(StopRules.TIMEOUT), r.check(at(0, EpisodeKind.UPDATE, "h", 0)));
  }
}
