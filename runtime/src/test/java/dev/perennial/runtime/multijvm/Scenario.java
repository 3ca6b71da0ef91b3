package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.runtime.cluster.NodeRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The steps the multi-JVM tests are made of: training (the rollout driver's groups and the
 * stand-in or the real learner) on three nodes, crashes and restarts, and the final ledger check. Timings go
 * into {@link #timings} and a JSON summary under target/multijvm/.
 */
final class Scenario implements AutoCloseable {
  static final int GROUPS = 30;
  static final int GROUP_SIZE = 3;
  static final int PACK_SIZE = 3;
  static final int PER_STEP = 10;
  static final int EXPECTED = GROUPS * GROUP_SIZE * (2 * PACK_SIZE - 1);
  static final Duration UP = Duration.ofSeconds(120);

  static final String SETTINGS = """
      perennial.runtime.driver {
        enabled = on, environment = "add-rule", pack-size = %d, group-size = %d, parallel-groups = 3, groups = %d
        poll-interval = 1s, ask-timeout = 5s, resume-halted-after = 5s
      }
      perennial.test { turn-delay = 400ms, episodes-per-step = %d }
      # the cluster forms (and training starts) once all three nodes have joined
      akka.cluster.min-nr-of-members = 3
      perennial.agents { tool-timeout = 5s, verifier-timeout = 10s, policy-retry-backoff = 200ms }
      jdbc-read-journal.refresh-interval = 200ms
      jdbc-read-journal.journal-sequence-retrieval.query-delay = 100ms
      """.formatted(PACK_SIZE, GROUP_SIZE, GROUPS, PER_STEP);

  final String name;
  final ClusterHarness cluster;
  final JournalReader reader;
  final Map<String, Object> timings = new LinkedHashMap<>();

  Scenario(String name, ClusterHarness cluster) {
    this.name = name;
    this.cluster = cluster;
    this.reader = cluster.reader();
  }

  void startAll() {
    long t0 = System.currentTimeMillis();
    cluster.startAll(UP);
    timings.put("cluster_start_ms", System.currentTimeMillis() - t0);
  }

  /** Waits until the stand-in learner has consumed at least {@code n} episodes; returns how many it has. */
  long awaitConsumed(long n, Duration patience) {
    long[] now = {0};
    ClusterHarness.await(n + " consumed episodes", patience, () -> {
      try {
        now[0] = reader.consumed();
      } catch (IllegalStateException e) {
        return false; // the journal is unreachable for a moment (Cassandra restarting): ask again
      }
      return now[0] >= n;
    });
    return now[0];
  }

  /** Waits until the real learner has committed at least {@code n} steps; returns how many it has. */
  long awaitSteps(long n, Duration patience) {
    long[] now = {0};
    ClusterHarness.await(n + " learner steps", patience, () -> {
      now[0] = reader.learner().stream().filter(e -> e instanceof LearnerEvent.StepCommitted).count();
      return now[0] >= n;
    });
    return now[0];
  }

  /** kill -9 the node hosting the learner singleton; returns it after the singleton recovered elsewhere. */
  int killLearnerHost(String label) {
    int host = cluster.oldestWithRole(NodeRoles.LEARNER);
    Set<String> agentsThere = agentsRecentlyOn(host);
    long t0 = cluster.kill(host);
    ClusterHarness.await("the learner singleton to recover on a survivor", Duration.ofSeconds(180),
        () -> !cluster.events.all(NodeEvents.Recovered.class, r -> r.node() != host && r.at() > t0).isEmpty());
    NodeEvents.Recovered r = cluster.events.all(NodeEvents.Recovered.class, x -> x.node() != host && x.at() > t0).get(0);
    timings.put(label + "_killed_node", host);
    timings.put(label + "_learner_failover_ms", r.at() - t0);
    timings.put(label + "_learner_recovered_on", r.node());
    timings.put(label + "_learner_recovered_at_consumed", r.consumed());
    timings.put(label + "_learner_recovered_at_version", r.version());
    timings.put(label + "_agents_failover_ms", agentsBack(agentsThere, host, t0));
    return host;
  }

  /**
   * kill -9 a node that does not host the learner (an agent node: the one with the most agents at
   * work, once one has some; a node that just rejoined gets shards only as they are rebalanced to
   * it); returns it once its agents work on the survivors.
   */
  int killAgentNode(String label) {
    int learner = cluster.oldestWithRole(NodeRoles.LEARNER);
    int[] victim = {-1};
    ClusterHarness.await("a node other than the learner's to host agents", Duration.ofSeconds(120), () -> {
      int best = -1;
      for (int i = 1; i <= cluster.count(); i++) {
        if (i != learner && cluster.alive(i) && (best < 0 || agentsRecentlyOn(i).size() > agentsRecentlyOn(best).size())) best = i;
      }
      victim[0] = best;
      return best > 0 && !agentsRecentlyOn(best).isEmpty();
    });
    int v = victim[0];
    Set<String> agentsThere = agentsRecentlyOn(v);
    long t0 = cluster.kill(v);
    timings.put(label + "_killed_node", v);
    timings.put(label + "_agents_on_killed_node", agentsThere.size());
    timings.put(label + "_agents_failover_ms", agentsBack(agentsThere, v, t0));
    return v;
  }

  /** Agents that took a turn on {@code node} in the last 10 s. */
  private Set<String> agentsRecentlyOn(int node) {
    long since = System.currentTimeMillis() - 10_000;
    return cluster.events.all(NodeEvents.Turn.class, t -> t.node() == node && t.at() >= since).stream()
        .map(NodeEvents.Turn::agentId).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Waits until every agent of {@code agents} took a turn on another node after {@code t0}; returns the slowest one's delay. */
  private long agentsBack(Set<String> agents, int deadNode, long t0) {
    ClusterHarness.await(agents.size() + " agents of node-" + deadNode + " to work again on a survivor", Duration.ofSeconds(180),
        () -> agents.stream().allMatch(a -> !cluster.events.all(NodeEvents.Turn.class,
            t -> t.agentId().equals(a) && t.node() != deadNode && t.at() > t0).isEmpty()));
    return agents.stream().mapToLong(a -> cluster.events.all(NodeEvents.Turn.class,
        t -> t.agentId().equals(a) && t.node() != deadNode && t.at() > t0).get(0).at() - t0).max().orElse(0);
  }

  /** Waits for every group to finish and checks the ledger: nothing lost, nothing twice, versions 1..n. */
  Ledger finishAndCheck(Duration patience) {
    long t0 = System.currentTimeMillis();
    awaitConsumed(EXPECTED, patience);
    timings.put("drain_ms", System.currentTimeMillis() - t0);
    Ledger ledger = Ledger.of(reader.episodes(), reader.standIn());
    timings.put("ledger", ledger.summary());
    assertEquals(EXPECTED, ledger.episodes(), "episodes in the stream: " + ledger.summary());
    assertEquals(EXPECTED, ledger.distinctEpisodes(), "episode ids are unique");
    assertEquals(List.of(), ledger.lost(), "episodes lost");
    assertEquals(List.of(), ledger.trainedTwice(), "episodes trained twice");
    assertEquals(List.of(), ledger.unknown(), "consumed ids that are not episodes");
    assertEquals(List.of(), ledger.versionFaults(), "policy versions without gaps or repeats");
    assertEquals(EXPECTED / PER_STEP, ledger.versions().size(), "versions published");
    assertEquals(GROUPS, ledger.episodesPerGroup().size(), "groups");
    ledger.episodesPerGroup().forEach((g, n) -> assertEquals(GROUP_SIZE * (2 * PACK_SIZE - 1), n, "episodes of group " + g));
    long last = ledger.versions().size();
    ClusterHarness.await("every live node to load version " + last, Duration.ofSeconds(60), () -> liveNodesLoaded(last));
    assertTrue(cluster.events.all(NodeEvents.Loaded.class, l -> !l.verdict().equals("ok")).isEmpty(), "every checkpoint verified");
    return ledger;
  }

  boolean liveNodesLoaded(long version) {
    for (int i = 1; i <= cluster.count(); i++) {
      int n = i;
      if (cluster.alive(n) && cluster.events.all(NodeEvents.Loaded.class, l -> l.node() == n && l.version() == version).isEmpty()) return false;
    }
    return true;
  }

  void writeSummary() throws IOException {
    Path out = ClusterHarness.ROOT.resolve("runtime/target/multijvm/" + name + ".json");
    Files.createDirectories(out.getParent());
    String json = timings.entrySet().stream().map(e -> "  \"" + e.getKey() + "\": "
        + (e.getValue() instanceof Number ? e.getValue() : "\"" + e.getValue().toString().replace("\"", "'") + "\""))
        .collect(Collectors.joining(",\n", "{\n", "\n}\n"));
    Files.writeString(out, json);
    System.out.println(name + ": " + json);
  }

  @Override
  public void close() {
    reader.close();
    cluster.close();
  }
}
