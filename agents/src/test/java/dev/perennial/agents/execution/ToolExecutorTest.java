package dev.perennial.agents.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolOutput;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The executor under its supervisor: restart with backoff on a crash, stop on a permanent failure, timeouts. */
class ToolExecutorTest {
  static ActorTestKit kit;
  static final SupervisionSettings SUPERVISION = new SupervisionSettings(2, 1, Duration.ofMillis(20), Duration.ofMillis(100), 0.0);
  static final AtomicInteger calls = new AtomicInteger();

  @BeforeAll
  static void start() { kit = ActorTestKit.create("executors", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  private record Started(ActorRef<ToolExecutor.Command> executor, TestProbe<ToolExecutor.Outcome> replies, String callId) {}

  private static Started run(Tool tool, Duration timeout) {
    TestProbe<ToolExecutor.Outcome> replies = kit.createTestProbe();
    String episode = "ep" + calls.incrementAndGet();
    ToolCall call = new ToolCall(episode + "/c0", tool.name(), "42");
    var job = new ToolExecutor.Job(episode, call, new ToolContext(episode, null, null, Optional.empty()), timeout);
    return new Started(kit.spawn(ToolExecutor.supervised(tool, job, SUPERVISION, replies.ref())), replies, call.callId());
  }

  @Test
  void answersOnceAndStops() {
    Started s = run(new TestTools.Echo(), Duration.ofSeconds(5));
    var done = s.replies().expectMessageClass(ToolExecutor.Completed.class);
    assertEquals(ToolOutput.ok("42"), done.output());
    s.replies().expectTerminated(s.executor());
  }

  @Test
  void aCrashIsRestartedWithBackoffWhichRetriesTheCall() {
    TestTools.Flaky flaky = new TestTools.Flaky();
    Started s = run(flaky, Duration.ofSeconds(5));
    var crash = s.replies().expectMessageClass(ToolExecutor.Crashed.class);
    assertEquals(1, crash.attempt());
    assertEquals("the flaky tool failed: IllegalStateException: first call fails", crash.reason());
    assertEquals("flaky ok: 42", s.replies().expectMessageClass(ToolExecutor.Completed.class).output().text());
    assertEquals(2, flaky.runs.get());
    s.replies().expectTerminated(s.executor());
  }

  @Test
  void aToolThatKeepsCrashingIsStoppedAfterTheAllowedRestarts() {
    TestTools.Throwing boom = new TestTools.Throwing();
    Started s = run(boom, Duration.ofSeconds(5));
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertEquals(attempt, s.replies().expectMessageClass(ToolExecutor.Crashed.class).attempt());
    }
    s.replies().expectTerminated(s.executor());
    assertEquals(3, boom.runs.get(), "first run + 2 restarts");
  }

  @Test
  void aPermanentFailureStopsTheExecutorWithoutRestarting() {
    TestTools.Exiting exiting = new TestTools.Exiting();
    Started s = run(exiting, Duration.ofSeconds(5));
    assertEquals("the exit tool failed: ToolPermanentFailure: interpreter missing",
        s.replies().expectMessageClass(ToolExecutor.Crashed.class).reason());
    s.replies().expectTerminated(s.executor());
    assertEquals(1, exiting.runs.get());
  }

  @Test
  void aHangingCallTimesOutIsCancelledAndTheExecutorStops() {
    TestTools.Hanging hang = new TestTools.Hanging();
    Started s = run(hang, Duration.ofMillis(300));
    var failed = s.replies().expectMessageClass(ToolExecutor.Failed.class, Duration.ofSeconds(5));
    assertEquals(ToolFailureKind.TIMEOUT, failed.kind());
    assertEquals("the hang call timed out after 300 ms and was stopped", failed.reason());
    s.replies().expectTerminated(s.executor());
    s.replies().awaitAssert(() -> {
      assertEquals(1, hang.cancels.get(), "Tool.cancel called for the episode");
      return null;
    });
  }

  @Test
  void anExpectedToolFailureIsReportedNotRetried() {
    Started s = run(new TestTools.Rejecting(), Duration.ofSeconds(5));
    var failed = s.replies().expectMessageClass(ToolExecutor.Failed.class);
    assertEquals(ToolFailureKind.TOOL_ERROR, failed.kind());
    assertTrue(failed.reason().startsWith("input must be a number"), failed.reason());
    s.replies().expectTerminated(s.executor());
  }
}
