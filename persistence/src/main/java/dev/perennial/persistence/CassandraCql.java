package dev.perennial.persistence;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the CQL that creates Perennial's Cassandra keyspaces and tables for production: the
 * plugin's own statements, with NetworkTopologyStrategy replication per data center. Connects to
 * nothing. docs/cassandra.md is its output.
 *
 * <pre>
 *   java -cp ... dev.perennial.persistence.CassandraCql [--keyspace perennial] [--snapshot-keyspace perennial_snapshot]
 *       [--dc datacenter1:3 ...]
 * </pre>
 */
public final class CassandraCql {
  private CassandraCql() {}

  public static void main(String[] args) {
    String keyspace = "perennial";
    String snapshotKeyspace = "perennial_snapshot";
    List<String> dcs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException("option " + a + " needs a value");
      switch (a) {
        case "--keyspace" -> keyspace = args[++i];
        case "--snapshot-keyspace" -> snapshotKeyspace = args[++i];
        case "--dc" -> dcs.add(dataCenter(args[++i]));
        default -> throw new IllegalArgumentException("unknown option " + a + " (--keyspace, --snapshot-keyspace, --dc name:replicas)");
      }
    }
    if (dcs.isEmpty()) dcs.add("datacenter1:3");
    statements(keyspace, snapshotKeyspace, dcs).forEach(s -> System.out.println(s.strip() + (s.strip().endsWith(";") ? "" : ";") + "\n"));
  }

  /** The statements for these keyspaces, replicated per data center ("name:replicas"). */
  public static List<String> statements(String keyspace, String snapshotKeyspace, List<String> dataCenters) {
    String dcList = String.join(",", dataCenters.stream().map(d -> "\"" + dataCenter(d) + "\"").toList());
    Config config = ConfigFactory.parseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.cassandra.journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.cassandra.snapshot"
        akka.persistence.cassandra.journal { keyspace = "%s", replication-strategy = "NetworkTopologyStrategy", data-center-replication-factors = [%s] }
        akka.persistence.cassandra.snapshot { keyspace = "%s", replication-strategy = "NetworkTopologyStrategy", data-center-replication-factors = [%s] }
        """.formatted(keyspace, dcList, snapshotKeyspace, dcList)).withFallback(ConfigFactory.load());
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cql", config);
    try {
      return CassandraSchema.statements(system);
    } finally {
      system.terminate();
    }
  }

  private static String dataCenter(String spec) {
    int colon = spec.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("data center '" + spec + "' must read name:replicas, e.g. datacenter1:3");
    try {
      if (Integer.parseInt(spec.substring(colon + 1)) < 1) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("data center '" + spec + "': replicas must be a positive number");
    }
    return spec;
  }
}
