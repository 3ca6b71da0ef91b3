package dev.perennial.agents.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PythonToolTest {
  static PythonSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = PythonSandbox.create(SandboxSettings.defaults());
    assertTrue(sandbox.isolation().isPresent(), () -> "no sandbox: " + sandbox.unavailableReason().orElse(""));
  }

  @AfterAll
  static void stop() { sandbox.close(); }

  private static PythonTool tool(boolean stateful, Duration timeout) {
    ToolSettings.Python defaults = ToolSettings.from(ConfigFactory.load()).python();
    return new PythonTool(sandbox, new ToolSettings.Python(stateful, timeout, defaults.memoryBytes(), defaults.maxOutputBytes()));
  }

  @Test
  void statefulCallsOfOneEpisodeShareVariablesAndEpisodesDoNot() throws Exception {
    PythonTool tool = tool(true, Duration.ofSeconds(10));
    try {
      tool.run(Contexts.call("python", "n = 6 * 7"), Contexts.of("ep-a"));
      ToolOutput a = tool.run(Contexts.call("python", "print(n)"), Contexts.of("ep-a"));
      assertEquals(new ToolOutput("42\n", true, false), a);
      ToolOutput b = tool.run(Contexts.call("python", "print(n)"), Contexts.of("ep-b"));
      assertFalse(b.ok());
      assertTrue(b.text().contains("NameError: name 'n' is not defined"), b.text());
    } finally {
      tool.endEpisode("ep-a");
      tool.endEpisode("ep-b");
    }
    assertEquals(0, sandbox.liveInterpreters());
  }

  @Test
  void anAgentsWorkspaceFilesOutliveItsEpisodes() throws Exception {
    java.nio.file.Path ws = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("/tmp"), "perennial-ws-test-");
    java.nio.file.Files.setPosixFilePermissions(ws, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    PythonTool tool = tool(true, Duration.ofSeconds(10));
    ToolContext first = new ToolContext("ep-1", Contexts.of("ep-1").task(), null, java.util.Optional.of(ws));
    ToolContext second = new ToolContext("ep-2", Contexts.of("ep-2").task(), null, java.util.Optional.of(ws));
    try {
      assertTrue(tool.run(Contexts.call("python", "open('plan.txt', 'w').write('try k = 4')"), first).ok());
      tool.endEpisode("ep-1");
      assertEquals(new ToolOutput("try k = 4\n", true, false), tool.run(Contexts.call("python", "print(open('plan.txt').read())"), second));
      assertEquals("try k = 4", java.nio.file.Files.readString(ws.resolve("plan.txt")));
    } finally {
      tool.endEpisode("ep-2");
      try (var files = java.nio.file.Files.list(ws)) {
        for (var f : files.toList()) java.nio.file.Files.delete(f);
      }
      java.nio.file.Files.delete(ws);
    }
  }

  @Test
  void statelessCallsStartFresh() throws Exception {
    PythonTool tool = tool(false, Duration.ofSeconds(10));
    tool.run(Contexts.call("python", "n = 1"), Contexts.of("ep"));
    assertFalse(tool.run(Contexts.call("python", "print(n)"), Contexts.of("ep")).ok());
    assertEquals(0, sandbox.liveInterpreters());
  }

  @Test
  void aTimeoutIsAShortClearOutput() throws Exception {
    ToolOutput out = tool(false, Duration.ofMillis(2500)).run(Contexts.call("python", "print('start', flush=True)\nwhile True: pass"), Contexts.of("ep"));
    assertFalse(out.ok());
    assertTrue(out.text().startsWith("start\n[timed out after 2.5 s"), out.text());
  }

  @Test
  void cancelMakesARunningCallReturnPromptly() throws Exception {
    PythonTool tool = tool(true, Duration.ofSeconds(30));
    try {
      CompletableFuture<ToolOutput> running = CompletableFuture.supplyAsync(() -> {
        try {
          return tool.run(Contexts.call("python", "import time\ntime.sleep(60)"), Contexts.of("ep-c"));
        } catch (ToolFailure e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(800);
      long t = System.nanoTime();
      tool.cancel("ep-c");
      ToolOutput out = running.get(5, TimeUnit.SECONDS);
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t) < 10_000, "cancel returns long before the 60 s sleep ends");
      assertTrue(out.text().contains("cancelled"), out.text());
    } finally {
      tool.endEpisode("ep-c");
    }
  }

  @Test
  void emptyCodeIsAToolFailure() {
    ToolFailure f = assertThrows(ToolFailure.class, () -> tool(true, Duration.ofSeconds(1)).run(Contexts.call("python", "  \n"), Contexts.of("ep")));
    assertTrue(f.getMessage().contains("empty code block"));
  }

  @Test
  void aSandboxThatCannotRunIsAToolFailure() {
    try (PythonSandbox broken = PythonSandbox.create(SandboxSettings.with("isolation = bwrap, bwrap = \"/nonexistent\""))) {
      PythonTool tool = new PythonTool(broken, ToolSettings.from(ConfigFactory.load()).python());
      ToolFailure f = assertThrows(ToolFailure.class, () -> tool.run(Contexts.call("python", "print(1)"), Contexts.of("ep")));
      assertTrue(f.getMessage().startsWith("python is unavailable: no sandbox is available"), f.getMessage());
    }
  }
}
