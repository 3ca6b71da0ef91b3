package dev.perennial.runtime.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.RepoPaths;
import dev.perennial.runtime.node.NodeProcess;
import dev.perennial.runtime.node.NodeWorkload;
import dev.perennial.runtime.node.SharedH2Journal;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Three (or more) real {@code perennial node} JVMs on loopback, started by the test through the CLI
 * with {@link ScriptedWorkload} (or another workload), stopped by PID. Without Cassandra the nodes share the H2 journal,
 * served over TCP by the test JVM (which is never killed). Every node lists every node as a seed,
 * on fixed ports chosen at start, so a node restarted after a kill rejoins the same cluster.
 */
final class ClusterHarness implements AutoCloseable {
  static final Path ROOT = RepoPaths.root();

  final Path dir;
  final NodeEvents events = new NodeEvents();
  private final int count;
  private final String profiles;
  private final Optional<SharedH2Journal> h2;
  private final int[] ports;
  private final int[] managementPorts;
  private final NodeProcess[] nodes;
  private boolean bootstrap;
  private Class<? extends NodeWorkload> workload = ScriptedWorkload.class;
  private final String readerConfig;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param testHocon the test's settings (driver, turn delay, …), written as the last profile
   * @param cassandraHocon the journal settings when on Cassandra; empty: the shared H2 journal
   */
  ClusterHarness(Path dir, int count, String testHocon, Optional<String> cassandraHocon) throws IOException {
    this.dir = dir;
    this.count = count;
    this.h2 = cassandraHocon.isPresent() ? Optional.empty() : Optional.of(SharedH2Journal.start(dir.resolve("journal"), 0));
    this.ports = freePorts(count);
    this.managementPorts = freePorts(count);
    this.nodes = new NodeProcess[count];
    // Cluster Bootstrap's config discovery: the contact points are the nodes' management endpoints
    StringBuilder endpoints = new StringBuilder("akka.discovery.config.services.perennial.endpoints = [");
    for (int p : managementPorts) endpoints.append("{host = \"127.0.0.1\", port = ").append(p).append("}, ");
    endpoints.append("]\n");
    Path testProfile = Files.writeString(dir.resolve("test.conf"), testHocon + "\n" + cassandraHocon.orElse("") + "\n"
        + "perennial.test.shared-dir = \"" + dir.resolve("checkpoints").toAbsolutePath() + "\"\n" + endpoints);
    this.profiles = "cluster" + (cassandraHocon.isPresent() ? ",cassandra" : "") + "," + testProfile.toAbsolutePath();
    this.readerConfig = cassandraHocon.orElseGet(() -> "perennial.persistence.h2-url = \"" + h2.get().url() + "\"");
  }

  /** Nodes join through Cluster Bootstrap (config discovery of the management endpoints) instead of seed nodes. */
  ClusterHarness withBootstrap() {
    this.bootstrap = true;
    return this;
  }

  /** The nodes run {@code type} instead of {@link ScriptedWorkload}. */
  ClusterHarness withWorkload(Class<? extends NodeWorkload> type) {
    this.workload = type;
    return this;
  }

  /** A fresh directory under runtime/target/multijvm for one test's journal, node output and logs (kept for reading after a failure). */
  static Path workDir(String name) throws IOException {
    Path d = ROOT.resolve("runtime/target/multijvm/" + name);
    if (Files.exists(d)) {
      try (var walk = Files.walk(d)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    return Files.createDirectories(d);
  }

  JournalReader reader() {
    return new JournalReader(ConfigFactory.load(ConfigFactory.parseString(readerConfig + "\n" + """
        akka.loglevel = WARNING
        akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
        akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
        akka.actor.provider = local
        datastax-java-driver.advanced.reconnection-policy { base-delay = 500ms, max-delay = 2s }
        """)));
  }

  /** Starts node {@code i} (1-based) and waits until it printed "node up". */
  void start(int i, Duration patience) {
    awaitUp(i, launch(i), patience);
  }

  /** Starts every node at once (the cluster forms when min-nr-of-members have joined) and waits until all are up. */
  void startAll(Duration patience) {
    long[] since = new long[count];
    for (int i = 1; i <= count; i++) since[i - 1] = launch(i);
    for (int i = 1; i <= count; i++) awaitUp(i, since[i - 1], patience);
  }

  private long launch(int i) {
    long since = System.currentTimeMillis();
    List<String> seeds = new ArrayList<>();
    for (int p : ports) seeds.add("127.0.0.1:" + p);
    List<String> args = new ArrayList<>(List.of("--profile", profiles, "--roles", "agent,learner,inference", "--host", "127.0.0.1",
        "--port", Integer.toString(ports[i - 1]), "--management-port", Integer.toString(managementPorts[i - 1]),
        "--workload", workload.getName()));
    args.addAll(bootstrap ? List.of("--bootstrap") : List.of("--seed", String.join(",", seeds)));
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    h2.ifPresent(j -> jvm.add(j.nodeFlag()));
    Path nodeDir = dir.resolve("node-" + i).toAbsolutePath();
    nodes[i - 1] = NodeProcess.start(new NodeProcess.Spec("node-" + i, args, jvm,
        Map.of("PERENNIAL_CONFIG_DIR", ROOT.resolve("config").toString(), "PERENNIAL_LOG_DIR", nodeDir.toString()),
        dir.resolve("node-" + i + ".out")), line -> events.parse(i, line));
    return since;
  }

  private void awaitUp(int i, long since, Duration patience) {
    await("node-" + i + " up", patience, () -> !events.all(NodeEvents.Up.class, u -> u.node() == i && u.at() >= since).isEmpty()
        || !nodes[i - 1].isAlive());
    if (!nodes[i - 1].isAlive()) throw new AssertionError("node-" + i + " exited during start; see " + dir.resolve("node-" + i + ".out"));
  }

  /** SIGKILL; returns when it happened. */
  long kill(int i) {
    long at = System.currentTimeMillis();
    int code = nodes[i - 1].kill();
    if (code != 137) throw new AssertionError("node-" + i + " exit code after SIGKILL: " + code);
    return at;
  }

  /** SIGTERM: the node leaves the cluster and exits; returns its exit code. */
  int terminate(int i) { return nodes[i - 1].terminate(Duration.ofSeconds(60)); }

  boolean alive(int i) { return nodes[i - 1] != null && nodes[i - 1].isAlive(); }

  long pid(int i) { return nodes[i - 1].pid(); }

  int count() { return count; }

  /** Members of the cluster with status Up, as node {@code i} sees them (/cluster/members). */
  int upMembers(int i) {
    try {
      var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts[i - 1] + "/cluster/members"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      int up = 0;
      for (JsonNode m : new ObjectMapper().readTree(res.body()).path("members")) if (m.path("status").asText().equals("Up")) up++;
      return up;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Which node hosts the singletons of {@code role} (the oldest member with it), from /cluster/members of a live node. */
  int oldestWithRole(String role) {
    for (int i = 1; i <= count; i++) {
      if (!alive(i)) continue;
      try {
        var res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts[i - 1] + "/cluster/members"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode members = new ObjectMapper().readTree(res.body());
        String address = members.path("oldestPerRole").path(role).asText("");
        for (int n = 0; n < count; n++) if (address.endsWith(":" + ports[n])) return n + 1;
      } catch (IOException e) {
        // try the next node
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    throw new AssertionError("no live node reported the oldest member with role " + role);
  }

  /** HTTP status of {@code path} (e.g. "/ready") on node i's management endpoint; -1 when it does not answer. */
  int management(int i, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPorts[i - 1] + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static void await(String what, Duration patience, BooleanSupplier done) {
    long deadline = System.currentTimeMillis() + patience.toMillis();
    while (!done.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out after " + patience.toSeconds() + " s waiting for " + what);
      sleep(250);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (NodeProcess p : nodes) if (p != null && p.isAlive()) p.kill();
    h2.ifPresent(SharedH2Journal::close);
  }

  private static int[] freePorts(int n) throws IOException {
    int[] out = new int[n];
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        out[i] = s.getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) s.close();
    }
    return out;
  }
}
