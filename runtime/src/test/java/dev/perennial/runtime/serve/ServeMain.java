package dev.perennial.runtime.serve;

import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A serving node in its own JVM, for tests that kill it: {@code ServeMain <dataDir> <portFile>
 * <turnDelayMillis>}. Agents whose profile says "djl" get the scripted policy slowed to the given
 * delay per turn (so tasks are still in flight when the JVM dies). Writes its port once it listens.
 */
public final class ServeMain {
  private ServeMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path portFile = Path.of(args[1]);
    long delay = Long.parseLong(args[2]);
    ScriptedPolicy slow = ScriptedPolicy.of(new DeployScript(true)).withDelay(Duration.ofMillis(delay));
    Serve serve = Serve.start(ServeHarness.config(dir, ""), ServeHarness.components(Optional.of(slow), LearnerProbe.NONE));
    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(serve.port()));
    Files.move(tmp, portFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    serve.awaitTermination();
  }
}
