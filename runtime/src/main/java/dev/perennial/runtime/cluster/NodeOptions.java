package dev.perennial.runtime.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code perennial node} flags say about this node, as config overrides that win over every
 * profile: roles, canonical host and port, seed nodes ({@code host:port} or full
 * {@code akka://system@host:port} addresses), Akka Management's port, and whether to join through
 * Cluster Bootstrap. Absent flags leave the profile's values alone.
 */
public record NodeOptions(String systemName, Optional<List<String>> roles, Optional<String> host, Optional<Integer> port,
    List<String> seeds, Optional<Integer> managementPort, boolean bootstrap) {

  public NodeOptions {
    roles = roles.map(List::copyOf);
    seeds = List.copyOf(seeds);
    port.ifPresent(p -> checkPort("--port", p, true));
    managementPort.ifPresent(p -> checkPort("--management-port", p, true));
    if (bootstrap && !seeds.isEmpty()) throw new IllegalArgumentException("give either --seed or --bootstrap, not both");
  }

  /** Seed addresses as Akka wants them: "host:port" becomes "akka://system@host:port". */
  public List<String> seedAddresses() {
    List<String> out = new ArrayList<>();
    for (String s : seeds) out.add(seedAddress(systemName, s));
    return out;
  }

  static String seedAddress(String system, String seed) {
    String s = seed.strip();
    if (s.startsWith("akka://")) return s;
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("seed '" + seed + "' must read host:port (e.g. 127.0.0.1:25520) or akka://" + system + "@host:port");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed '" + seed + "': port is not a number");
    }
    checkPort("seed " + seed, port, false);
    return "akka://" + system + "@" + s.substring(0, colon) + ":" + port;
  }

  /** The overrides; layer them over the profiles ({@code Profiles.load(profiles, overrides)}). */
  public Config toConfig() {
    Config c = ConfigFactory.empty();
    if (roles.isPresent()) c = c.withValue("akka.cluster.roles", ConfigValueFactory.fromIterable(roles.get()));
    if (host.isPresent()) c = c.withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host.get()));
    if (port.isPresent()) c = c.withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port.get()));
    if (!seeds.isEmpty()) c = c.withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seedAddresses()));
    if (managementPort.isPresent()) c = c.withValue("akka.management.http.port", ConfigValueFactory.fromAnyRef(managementPort.get()));
    if (bootstrap) c = c.withValue("perennial.runtime.cluster-bootstrap", ConfigValueFactory.fromAnyRef(true));
    return c;
  }

  private static void checkPort(String what, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(what + ": port " + port + " is outside " + (zeroAllowed ? 0 : 1) + "..65535");
    }
  }
}
