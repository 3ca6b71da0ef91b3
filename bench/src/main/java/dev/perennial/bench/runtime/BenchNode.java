package dev.perennial.bench.runtime;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.persistence.PersistenceSettings;
import dev.perennial.runtime.node.PerennialNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A one-node Perennial cluster on a fresh H2 file journal, started as every command starts one
 * (PerennialNode: schema, self-join, sharded agents), with agents that talk to a
 * {@link ScriptedModel} and have the echo tool (returns its input: a tool that costs nothing) and
 * the add-rule environment. Also spawns the {@link RawWriter}s the agents are compared with.
 */
public final class BenchNode implements AutoCloseable {
  final PerennialNode node;
  final ScriptedModel model;
  final AgentLoad load;
  private final Path dataDir;

  private BenchNode(PerennialNode node, ScriptedModel model, int packSize, Path dataDir) {
    this.node = node;
    this.model = model;
    this.dataDir = dataDir;
    this.load = new AgentLoad(node.system(), packSize);
  }

  /** {@code extraConfig} is layered over the agents test kit's H2 cluster configuration. */
  public static BenchNode start(String name, String extraConfig, int turnChars, int packSize) throws IOException {
    return start(name, dir -> extraConfig, turnChars, packSize);
  }

  /** {@code extraConfig} gets the node's data directory (for databases of its own next to the journal). */
  public static BenchNode start(String name, Function<Path, String> extraConfig, int turnChars, int packSize) throws IOException {
    Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), name + "-");
    Config config = TestSystems.h2Cluster(dir, """
        perennial.agents.passivate-after-idle = 30m
        akka.loglevel = WARNING
        """ + extraConfig.apply(dir));
    ScriptedModel model = new ScriptedModel(turnChars);
    PerennialNode node = PerennialNode.start(name, config, Duration.ofSeconds(60));
    node.withAgents(TestSystems.deps(config, model, List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    return new BenchNode(node, model, packSize, dir);
  }

  public ActorSystem<Void> system() { return node.system(); }

  public AgentLoad load() { return load; }

  public String episodeTag() { return PersistenceSettings.from(system().settings().config()).episodeTag(); }

  /** {@code n} writers on the given journal plugin ("" = the configured one). */
  public List<ActorRef<RawWriter.Command>> rawWriters(String prefix, int n, String journal, String snapshots) {
    List<ActorRef<RawWriter.Command>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(system().systemActorOf(RawWriter.create(prefix + "-" + i, episodeTag(), journal, snapshots), prefix + "-" + i,
          Props.empty()));
    }
    return out;
  }

  /** Every writer persists {@code batches} {@code repeat} times; completes when all are done. */
  public CompletableFuture<Void> write(List<ActorRef<RawWriter.Command>> writers, List<List<AgentEvent>> batches, int repeat,
      Duration patience) {
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (ActorRef<RawWriter.Command> w : writers) {
      CompletionStage<Done> done = AskPattern.ask(w, replyTo -> new RawWriter.Write(batches, repeat, replyTo), patience,
          system().scheduler());
      CompletableFuture<Done> plain = new CompletableFuture<>(); // see AgentLoad: no thread per answer
      done.whenCompleteAsync((d, e) -> {
        if (e != null) plain.completeExceptionally(e);
        else plain.complete(d);
      }, Runnable::run);
      all.add(plain);
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() {
    node.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dataDir + ": " + e);
    }
  }
}
