package dev.perennial.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.runtime.RepoPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bad flags of the cluster commands are one clear line and exit code 1, before any node starts. */
class NodeCommandTest {
  @Test
  void unknownRoleBadSeedAndTooFewNodesAreClearErrors() {
    assertError(new String[] {"node", "--roles", "agent,gpu"}, "unknown role 'gpu'");
    assertError(new String[] {"node", "--seed", "localhost"}, "must read host:port");
    assertError(new String[] {"node", "--seed", "h:1", "--bootstrap"}, "not both");
    assertError(new String[] {"node", "--workload", "no.such.Workload", "--profile", RepoPaths.profile("local")}, "no.such.Workload is not on the classpath");
    assertError(new String[] {"cluster-local", "--nodes", "0"}, "--nodes must be at least 1");
  }

  private static void assertError(String[] args, String expected) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = PerennialCli.execute(args);
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, text);
    assertTrue(text.contains(expected), "stderr: [" + text + "]");
  }
}
