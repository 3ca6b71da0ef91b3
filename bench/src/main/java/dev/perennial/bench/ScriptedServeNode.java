package dev.perennial.bench;

import dev.perennial.agents.deploy.VerifierLookup;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.testkit.DeployScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestFormatScorer;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.runtime.serve.LearnerProbe;
import dev.perennial.runtime.serve.Serve;
import dev.perennial.runtime.serve.ServeComponents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The node {@link ServeLoadBench} drives, in its own JVM: {@code perennial serve} on an H2 file
 * journal in {@code <dataDir>}, on a free loopback port written to {@code <portFile>}, with the
 * scripted policy (no model: what is measured is the serving stack — HTTP, sharded agents, the
 * journal — not generation) and the echo tool.
 */
public final class ScriptedServeNode {
  private ScriptedServeNode() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path portFile = Path.of(args[1]);
    var config = TestSystems.h2Cluster(dir, """
        perennial.runtime.serve.port = 0
        perennial.agents.passivate-after-idle = 5m
        akka.loglevel = WARNING
        """);
    var components = new ServeComponents(Optional.of(ScriptedPolicy.of(new DeployScript(true))), Optional.empty(),
        ToolRegistry.of(List.of(new TestTools.Echo())), EnvironmentLookup.of(List.of()), VerifierLookup.builtIn(),
        new TestFormatScorer(), LearnerProbe.NONE);
    Serve serve = Serve.start(config, components);
    Path tmp = portFile.resolveSibling(portFile.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(serve.port()));
    Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE);
    serve.awaitTermination();
  }
}
