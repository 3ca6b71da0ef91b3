package dev.perennial.agents.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SPI as a user meets it: a tool in a few lines, registered next to the built-in ones. */
class ToolRegistryTest {
  /** The smallest useful user tool: upper-cases its input. */
  static final Tool SHOUT = Tool.of("shout", (call, context) -> ToolOutput.ok(call.input().toUpperCase()));

  @Test
  void aUserToolIsAFewLinesAndSitsNextToTheBuiltIns() throws Exception {
    try (PythonSandbox sandbox = PythonSandbox.create(SandboxSettings.defaults())) {
      ToolRegistry tools = BuiltinTools.registry(ConfigFactory.load(), sandbox).with(SHOUT);
      assertEquals(Set.of("python", "sql", "calculator", "env", "shout"), tools.names());
      assertEquals("HI", tools.find("shout").orElseThrow().run(Contexts.call("shout", "hi"), Contexts.of("ep")).text());
      assertEquals("3", tools.find("calculator").orElseThrow().run(Contexts.call("calculator", "1+2"), Contexts.of("ep")).text());
    }
  }

  @Test
  void cancellingAFunctionToolInterruptsItsThread() throws Exception {
    Tool slow = Tool.of("slow", (call, context) -> {
      Thread.sleep(60_000);
      return ToolOutput.ok("never");
    });
    CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> {
      try {
        return slow.run(Contexts.call("slow", ""), Contexts.of("ep")).text();
      } catch (ToolFailure f) {
        return "failure: " + f.getMessage();
      } catch (Exception e) {
        return "crash: " + e;
      }
    });
    Thread.sleep(200);
    slow.cancel("ep");
    assertEquals("failure: the call was cancelled", running.get(2, TimeUnit.SECONDS));
  }

  @Test
  void twoToolsWithOneNameAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolRegistry.of(SHOUT).with(SHOUT));
    assertTrue(e.getMessage().contains("'shout'"));
    assertThrows(IllegalArgumentException.class, () -> Tool.of("no spaces", (c, x) -> ToolOutput.ok("")));
  }

  @Test
  void endingAnEpisodeReachesEveryTool() {
    List<String> ended = new ArrayList<>();
    Tool a = new Tool() {
      public String name() { return "a"; }
      public ToolOutput run(ToolCall call, ToolContext context) { return ToolOutput.ok(""); }
      public void endEpisode(String id) { ended.add("a:" + id); }
    };
    ToolRegistry.of(a, SHOUT).endEpisode("ep-9");
    assertEquals(List.of("a:ep-9"), ended);
  }
}
