package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing an isolation, refusing bad requests, queueing, and the lifecycle of stateful interpreters. */
class SandboxLifecycleTest {
  private static SandboxRequest req(String code) {
    return new SandboxRequest("python", code, "", Duration.ofSeconds(10), 256L << 20, 4096);
  }

  @Test
  void withoutAWorkingIsolationEveryCallFailsWithTheReason() {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = bwrap, bwrap = \"/nonexistent/bwrap\""))) {
      assertTrue(s.isolation().isEmpty());
      assertTrue(s.unavailableReason().orElseThrow().contains("apt-get install -y bubblewrap"), s.unavailableReason()::get);
      SandboxResult r = s.run(req("print(1)"));
      assertEquals(Status.SANDBOX_FAILURE, r.status());
      assertTrue(r.detail().contains("no sandbox is available"), r::toString);
    }
  }

  @Test
  void isolationNoneRunsCodeOnlyWhenChosenExplicitly() {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = none"))) {
      assertEquals("none", s.isolation().orElseThrow());
      SandboxResult r = s.run(req("import os\nprint(os.getuid() != 0)"));
      assertEquals("True\n", r.stdout(), r::toString);
    }
  }

  @Test
  void runDirectoriesLeftByADeadJvmAreSweptAtStart(@TempDir Path root) throws Exception {
    Path base = Files.createDirectories(root.resolve("perennial-sandbox"));
    Path stale = Files.createDirectories(base.resolve("run-stale/io"));
    Files.writeString(stale.resolve("stdout"), "old");
    Files.setLastModifiedTime(stale.getParent(), FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path fresh = Files.createDirectories(base.resolve("run-fresh"));
    PythonSandbox.create(SandboxSettings.with("temp-root = \"" + root + "\"")).close();
    assertFalse(Files.exists(stale.getParent()));
    assertTrue(Files.exists(fresh));
  }

  @Test
  void refusesBadRequestsWithAClearReason() {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.defaults())) {
      assertTrue(s.run(new SandboxRequest("ruby", "puts 1", "", Duration.ofSeconds(1), 256L << 20, 4096)).detail()
          .contains("unsupported language 'ruby'"));
      assertTrue(s.run(new SandboxRequest("python", "1", "", Duration.ZERO, 256L << 20, 4096)).detail()
          .contains("wall timeout"));
      assertTrue(s.run(new SandboxRequest("python", "1", "", Duration.ofSeconds(1), 1 << 20, 4096)).detail()
          .contains("at least 32 MiB"));
      assertEquals(Status.SANDBOX_FAILURE, s.run(new SandboxRequest("python", null, "", Duration.ofSeconds(1), 256L << 20, 4096)).status());
    }
  }

  @Test
  void callsBeyondTheNodeLimitQueueAndReportTheirWait() throws Exception {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("max-concurrent = 1"))) {
      List<CompletableFuture<SandboxResult>> calls = IntStream.range(0, 3)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> s.run(req("import time\ntime.sleep(0.4)"))))
          .toList();
      List<SandboxResult> results = calls.stream().map(CompletableFuture::join).toList();
      results.forEach(r -> assertEquals(Status.OK, r.status(), r::toString));
      long queued = results.stream().filter(r -> r.queueMillis() >= 300).count();
      assertTrue(queued >= 2, "queue times: " + results.stream().map(SandboxResult::queueMillis).toList());
      assertEquals(3, s.permits().stats().granted());
    }
  }

  @Test
  void theLeastRecentlyUsedInterpreterMakesRoomAndItsEpisodeIsTold() {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("stateful.max-live = 2"))) {
      s.runStateful("a", req("x = 'a'"), new CancelSignal());
      s.runStateful("b", req("x = 'b'"), new CancelSignal());
      s.runStateful("c", req("x = 'c'"), new CancelSignal());
      assertEquals(2, s.liveInterpreters());
      SandboxResult a = s.runStateful("a", req("print('x' in globals())"), new CancelSignal());
      assertEquals("False\n", a.stdout(), a::toString);
      assertTrue(a.stderr().contains("stopped to make room"), a::toString);
      SandboxResult c = s.runStateful("c", req("print(x)"), new CancelSignal());
      assertEquals("c\n", c.stdout(), c::toString);
    }
  }

  @Test
  void anIdleInterpreterIsStopped() throws Exception {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("stateful.idle-timeout = 1s"))) {
      s.runStateful("idle", req("x = 1"), new CancelSignal());
      assertEquals(1, s.liveInterpreters());
      long deadline = System.currentTimeMillis() + 5000;
      while (s.liveInterpreters() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(100);
      assertEquals(0, s.liveInterpreters());
      SandboxResult r = s.runStateful("idle", req("print('x' in globals())"), new CancelSignal());
      assertEquals("False\n", r.stdout());
      assertTrue(r.stderr().contains("idle"), r::toString);
    }
  }

  @Test
  void endingASessionKillsTheCallRunningInIt() throws Exception {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.defaults())) {
      CompletableFuture<SandboxResult> running =
          CompletableFuture.supplyAsync(() -> s.runStateful("ep", req("while True: pass"), new CancelSignal()));
      Thread.sleep(700);
      s.endSession("ep");
      SandboxResult r = running.get(3, TimeUnit.SECONDS);
      assertEquals(Status.KILLED, r.status(), r::toString);
      assertEquals(0, s.liveInterpreters());
      assertTrue(ProcessScan.leftoversAfter(s.tag(), 3000).isEmpty());
    }
  }

  @Test
  void aCancelledStatefulCallReturnsPromptly() throws Exception {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.defaults())) {
      CancelSignal cancel = new CancelSignal();
      CompletableFuture<SandboxResult> running =
          CompletableFuture.supplyAsync(() -> s.runStateful("ep", req("import time\ntime.sleep(30)"), cancel));
      Thread.sleep(700);
      cancel.cancel();
      SandboxResult r = running.get(3, TimeUnit.SECONDS);
      assertEquals(Status.KILLED, r.status(), r::toString);
      s.endSession("ep");
    }
  }
}
