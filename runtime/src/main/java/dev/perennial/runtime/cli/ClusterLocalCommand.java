package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import dev.perennial.persistence.PersistenceSettings;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.node.NodeProcess;
import dev.perennial.runtime.node.SharedH2Journal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perennial cluster-local}: N nodes in N JVMs on 127.0.0.1 for trying the cluster on one
 * machine. Every node lists every node as a seed (so a restarted first node rejoins instead of
 * starting a second cluster). Without the cassandra profile the nodes share the H2 journal, served
 * over TCP by this process. Prints each node's PID and ports, writes its output to
 * {@code <dir>/node-<i>.out}, and stops them all (SIGTERM, then SIGKILL) on Ctrl-C.
 */
@Command(name = "cluster-local", description = "Start N cluster nodes on this machine; Ctrl-C stops them all.")
public final class ClusterLocalCommand implements Callable<Integer> {
  @Option(names = "--nodes", defaultValue = "3", description = "how many nodes (3 or more survive a crash); default: ${DEFAULT-VALUE}")
  int nodes;

  @Option(names = {"-p", "--profile"}, defaultValue = "${env:PERENNIAL_PROFILE:-cluster}", description = "profiles of every node; default: ${DEFAULT-VALUE}")
  String profiles;

  @Option(names = "--roles", defaultValue = "agent,learner,inference", description = "roles of every node; default: ${DEFAULT-VALUE}")
  String roles;

  @Option(names = "--base-port", defaultValue = "25520", description = "node i gets cluster port base + i; default: ${DEFAULT-VALUE}")
  int basePort;

  @Option(names = "--management-base-port", defaultValue = "8558", description = "node i gets management port base + i; default: ${DEFAULT-VALUE}")
  int managementBasePort;

  @Option(names = "--journal-port", defaultValue = "9092", description = "TCP port of the shared H2 journal (without cassandra); default: ${DEFAULT-VALUE}")
  int journalPort;

  @Option(names = "--dir", defaultValue = "data/cluster-local", description = "journal and node output; default: ${DEFAULT-VALUE}")
  Path dir;

  @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each node; default: ${DEFAULT-VALUE}")
  String heap;

  @Option(names = "--workload", description = "NodeWorkload class every node runs (default: perennial.runtime.node.workload)")
  String workload;

  @Override
  public Integer call() throws Exception {
    if (nodes < 1) throw new IllegalArgumentException("--nodes must be at least 1");
    if (nodes < 3) System.err.println("note: with fewer than 3 nodes the Split Brain Resolver cannot survive a node crash");
    Config config = Profiles.load(profiles);
    Optional<SharedH2Journal> journal = PersistenceSettings.from(config).jdbcJournal()
        ? Optional.of(SharedH2Journal.start(dir, journalPort)) : Optional.empty();
    List<String> seeds = new ArrayList<>();
    for (int i = 0; i < nodes; i++) seeds.add("127.0.0.1:" + (basePort + i));
    List<NodeProcess> started = new ArrayList<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started, journal), "cluster-local-stop"));
    Path configDir = Profiles.configDir().toAbsolutePath();
    for (int i = 0; i < nodes; i++) {
      List<String> args = new ArrayList<>(List.of("--profile", profiles, "--roles", roles, "--host", "127.0.0.1",
          "--port", Integer.toString(basePort + i), "--management-port", Integer.toString(managementBasePort + i),
          "--seed", String.join(",", seeds)));
      if (workload != null) args.addAll(List.of("--workload", workload));
      List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
      journal.ifPresent(j -> jvm.add(j.nodeFlag()));
      String name = "node-" + (i + 1);
      Path nodeDir = dir.resolve(name).toAbsolutePath();
      started.add(NodeProcess.start(new NodeProcess.Spec(name, args, jvm,
          Map.of("PERENNIAL_CONFIG_DIR", configDir.toString(), "PERENNIAL_LOG_DIR", nodeDir.toString()),
          dir.resolve(name + ".out")), null));
    }
    System.out.println("journal: " + journal.map(SharedH2Journal::url).orElse(config.getString("akka.persistence.journal.plugin")));
    for (int i = 0; i < started.size(); i++) {
      NodeProcess p = started.get(i);
      System.out.printf("%s  pid %d  akka://perennial@127.0.0.1:%d  management http://127.0.0.1:%d/ready  output %s%n", p.name(), p.pid(),
          basePort + i, managementBasePort + i, p.spec().output().toAbsolutePath());
    }
    System.out.println("Ctrl-C stops every node.");
    for (NodeProcess p : started) {
      int code = p.await(Duration.ofDays(3650));
      System.out.println(p.name() + " (pid " + p.pid() + ") exited with code " + code);
    }
    return 0;
  }

  private static void stopAll(List<NodeProcess> nodes, Optional<SharedH2Journal> journal) {
    nodes.stream().filter(NodeProcess::isAlive).forEach(p -> System.out.println("stopping " + p.name() + " (pid " + p.pid() + ")"));
    nodes.parallelStream().filter(NodeProcess::isAlive).forEach(p -> p.terminate(Duration.ofSeconds(30)));
    journal.ifPresent(SharedH2Journal::close);
  }
}
