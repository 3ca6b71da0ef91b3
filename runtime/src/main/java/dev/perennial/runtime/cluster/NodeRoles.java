package dev.perennial.runtime.cluster;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster roles a node can have. {@code agent}: hosts sharded agents (and the rollout driver
 * singleton); {@code learner}: may host the learner singleton; {@code inference}: runs a
 * PolicyServer that loads every published policy version. A node can have several.
 */
public final class NodeRoles {
  public static final String AGENT = "agent";
  public static final String LEARNER = "learner";
  public static final String INFERENCE = "inference";
  public static final List<String> ALL = List.of(AGENT, LEARNER, INFERENCE);

  private NodeRoles() {}

  /** Parses "agent,learner": known roles only, at least one, duplicates removed, order kept. */
  public static List<String> parse(String csv) {
    if (csv == null || csv.isBlank()) throw new IllegalArgumentException("--roles needs at least one of " + ALL);
    Set<String> roles = new LinkedHashSet<>();
    for (String raw : csv.split(",")) {
      String role = raw.strip().toLowerCase(java.util.Locale.ROOT);
      if (role.isEmpty()) continue;
      if (!ALL.contains(role)) throw new IllegalArgumentException("unknown role '" + raw.strip() + "' (roles: " + String.join(", ", ALL) + ")");
      roles.add(role);
    }
    if (roles.isEmpty()) throw new IllegalArgumentException("--roles needs at least one of " + ALL);
    return new ArrayList<>(roles);
  }
}
