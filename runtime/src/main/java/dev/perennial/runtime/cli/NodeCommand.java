package dev.perennial.runtime.cli;

import akka.cluster.typed.Cluster;
import com.typesafe.config.Config;
import dev.perennial.runtime.cluster.NodeOptions;
import dev.perennial.runtime.cluster.NodeRoles;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.node.NodeWorkload;
import dev.perennial.runtime.node.PerennialNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code perennial node}: one cluster node with the given roles. Joins through the seed nodes (or
 * Cluster Bootstrap), starts its workload, prints one "node up" line, and runs until it is stopped
 * (Ctrl-C / SIGTERM: it leaves the cluster cleanly) or downed.
 */
@Command(name = "node", description = "Run one cluster node (roles agent, learner, inference) until stopped.")
public final class NodeCommand implements Callable<Integer> {
  @Option(names = {"-p", "--profile"}, defaultValue = "${env:PERENNIAL_PROFILE:-cluster}",
      description = "config profiles to stack, comma separated (config/<name>.conf or a path); default: ${DEFAULT-VALUE}")
  String profiles;

  @Option(names = "--roles", description = "comma-separated roles: agent, learner, inference (default: the profile's)")
  String roles;

  @Option(names = "--host", description = "address other nodes reach this one at (default: the profile's)")
  String host;

  @Option(names = "--port", description = "cluster (Artery) port; 0 = any free port (default: the profile's)")
  Integer port;

  @Option(names = "--seed", split = ",", description = "seed node host:port (repeatable or comma separated)")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--management-port", description = "Akka Management HTTP port (health checks, /cluster/members)")
  Integer managementPort;

  @Option(names = "--bootstrap", description = "join through Cluster Bootstrap (Akka Discovery) instead of seed nodes")
  boolean bootstrap;

  @Option(names = "--workload", description = "NodeWorkload class this node runs (default: perennial.runtime.node.workload)")
  String workload;

  @Option(names = "--name", defaultValue = "perennial", description = "actor system name, the same on every node; default: ${DEFAULT-VALUE}")
  String name;

  @Override
  public Integer call() throws Exception {
    NodeOptions options = new NodeOptions(name, Optional.ofNullable(roles).map(NodeRoles::parse), Optional.ofNullable(host),
        Optional.ofNullable(port), seeds, Optional.ofNullable(managementPort), bootstrap);
    Config config = Profiles.load(profiles, options.toConfig());
    NodeWorkload work = NodeWorkload.load(workload != null ? workload : config.getString("perennial.runtime.node.workload"));
    PerennialNode node = PerennialNode.start(name, config, config.getDuration("perennial.runtime.node.join-timeout"));
    try {
      work.start(node);
    } catch (Exception e) {
      node.close();
      throw e;
    }
    node.ready();
    System.out.println("perennial node up: " + Cluster.get(node.system()).selfMember().address() + " roles " + node.roles()
        + " pid " + ProcessHandle.current().pid() + node.management().map(u -> " management " + u).orElse(""));
    System.out.flush();
    node.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
