package dev.perennial.bench;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.ShardRegion;
import akka.pattern.StatusReply;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.environments.PackSpec;
import dev.perennial.runtime.node.PerennialNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many agents one node holds, and how fast one comes back (a benchmark, not a test):
 * <ol>
 *   <li>how much heap N agents take while all are active (idle, recovered from the journal; some
 *       with a worked pack in their state) and once they all passivated: bytes per agent (after
 *       full GCs, against a warmed-up baseline), and how many active ones the heap would hold;</li>
 *   <li>recovery time of an agent with ~10k events, with snapshots (every 50 events, the default)
 *       and without, median and p90 of several recoveries.</li>
 * </ol>
 * On the H2 file journal; also on Cassandra when {@code --cassandra host:port} is given (scripts/cassandra.sh
 * start). {@code --agents 0} skips the population part. Writes bench/results/ScaleBench-*.json.
 *
 * <pre>bench/run.sh ScaleBench [--agents 100000] [--history 10000] [--events 10000] [--recoveries 7] [--cassandra 127.0.0.1:9042]</pre>
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    quietLogs();
    int agents = 100_000;
    int history = 10_000;
    int events = 10_000;
    int recoveries = 7;
    String cassandra = null;
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--agents" -> agents = Integer.parseInt(args[i + 1]);
        case "--history" -> history = Integer.parseInt(args[i + 1]);
        case "--events" -> events = Integer.parseInt(args[i + 1]);
        case "--recoveries" -> recoveries = Integer.parseInt(args[i + 1]);
        case "--cassandra" -> cassandra = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--agents, --history, --events, --recoveries, --cassandra)");
      }
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("jvm", System.getProperty("java.version") + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB, "
        + Runtime.getRuntime().availableProcessors() + " cores");
    Path dir = Files.createTempDirectory("scale-bench");
    if (agents > 0) report.put("population_h2", population(journal(dir.resolve("population"), null), agents, history));
    if (events > 0) report.put("recovery_h2", RecoveryBench.run(journal(dir.resolve("recovery"), null), events, recoveries));
    if (cassandra != null && events > 0) {
      String ks = "scale_" + System.currentTimeMillis();
      report.put("recovery_cassandra", RecoveryBench.run(journal(dir, cassandraHocon(cassandra, ks)), events, recoveries));
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Path out = Path.of("bench", "results", "ScaleBench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
    Files.createDirectories(out.getParent());
    json.writeValue(out.toFile(), report);
    System.out.println(json.writeValueAsString(report));
    System.exit(0);
  }

  /** A one-node cluster config: H2 files under {@code dir}, or Cassandra when {@code cassandra} is given. */
  static Config journal(Path dir, String cassandra) {
    String extra = """
        akka.loglevel = WARNING
        perennial.agents.passivate-after-idle = 3s
        perennial.agents.remember-entities = off
        akka.cluster.sharding.number-of-shards = 100
        """ + (cassandra == null ? "" : cassandra);
    return TestSystems.h2Cluster(dir, extra);
  }

  static String cassandraHocon(String contactPoint, String keyspace) {
    String bucket = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusHours(1)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:00"));
    return """
        akka.persistence.journal.plugin = "akka.persistence.cassandra.journal"
        akka.persistence.snapshot-store.plugin = "akka.persistence.cassandra.snapshot"
        akka.persistence.cassandra.journal { keyspace = "%1$s", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
        akka.persistence.cassandra.snapshot { keyspace = "%1$s_snap", keyspace-autocreate = true, tables-autocreate = true, replication-factor = 1 }
        akka.persistence.cassandra.events-by-tag.first-time-bucket = "%2$s"
        perennial.persistence.read-journal = "akka.persistence.cassandra.query"
        datastax-java-driver.basic.contact-points = ["%3$s"]
        datastax-java-driver.basic.load-balancing-policy.local-datacenter = "datacenter1"
        datastax-java-driver.advanced.reconnect-on-init = true
        # as config/cassandra.conf: recovery re-checks tagged events from the last flushed position
        akka.persistence.cassandra.events-by-tag.scanning-flush-interval = 2s
        """.formatted(keyspace, bucket, contactPoint);
  }

  static PerennialNode node(String name, Config config) {
    PerennialNode node = PerennialNode.start(name, config, Duration.ofSeconds(60));
    return node.withAgents(TestSystems.deps(config, ScriptedPolicy.of(new CodScript()), List.of(new AddRuleEnvironment()),
        List.of(new TestTools.Echo()))).ready();
  }

  /**
   * Heap per agent, active and passivated. Phase 1 (agents stay active for 30 min): {@code history}
   * agents work a one-task pack (a real journal and state), then all {@code agents} are started
   * (recovered from the journal, idle), and the heap is measured with all of them alive. Phase 2
   * (agents passivate after 2 s idle): the same agents are woken again and passivate; the heap is
   * measured once the shard regions hold none. Both against a baseline taken after a warm-up
   * population went through the same cycle (so fixed costs — loaded classes, shard allocation,
   * the H2 page cache — are not charged to agents).
   */
  private static Map<String, Object> population(Config config, int agents, int history) throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    int warmup = Math.max(100, Math.min(2000, agents / 20));
    var pack = new AddRuleEnvironment().pack(PackSpec.train(1, 1));
    Config active = ConfigFactory.parseString("perennial.agents.passivate-after-idle = 30m").withFallback(config);
    try (PerennialNode node = node("active", active)) {
      ActorSystem<?> system = node.system();
      long t0 = System.nanoTime();
      each(system, "h", 0, history, id -> AgentEntity.ref(system, id)
          .<StatusReply<akka.Done>>ask(reply -> new AgentEntity.AssignPack(pack, "", reply), Duration.ofSeconds(120)));
      int done = awaitIdle(system, "h", history);
      r.put("agents_with_history", history);
      r.put("packs_completed", done);
      r.put("seconds_to_run_a_one_task_pack_on_each", round((System.nanoTime() - t0) / 1e9));
      each(system, "w", 0, warmup, id -> status(system, id));
      long baseline = usedHeapAfterGc();
      long t1 = System.nanoTime();
      each(system, "a", 0, agents, id -> status(system, id));
      r.put("agents_started", agents);
      r.put("agents_started_per_second", round(agents / ((System.nanoTime() - t1) / 1e9)));
      int alive = entities(system);
      long heap = usedHeapAfterGc();
      r.put("active_entities", alive);
      r.put("heap_baseline_mib", baseline >> 20);
      r.put("heap_with_all_active_mib", heap >> 20);
      r.put("heap_per_active_idle_agent_bytes", (heap - baseline) / agents);
      r.put("active_idle_agents_the_heap_holds", (long) ((Runtime.getRuntime().maxMemory() * 0.8 - baseline) / Math.max(1, (heap - baseline) / agents)));
    }
    Config passivating = ConfigFactory.parseString("perennial.agents.passivate-after-idle = 2s").withFallback(config);
    try (PerennialNode node = node("passivated", passivating)) {
      ActorSystem<?> system = node.system();
      each(system, "w", 0, warmup, id -> status(system, id));
      each(system, "h", 0, Math.min(history, warmup), id -> status(system, id));
      awaitNoEntities(system);
      long baseline = usedHeapAfterGc();
      each(system, "a", 0, agents, id -> status(system, id));
      each(system, "h", 0, history, id -> status(system, id));
      awaitNoEntities(system);
      long heap = usedHeapAfterGc();
      r.put("passivated_agents", agents + history);
      r.put("heap_passivated_baseline_mib", baseline >> 20);
      r.put("heap_after_all_passivated_mib", heap >> 20);
      r.put("heap_per_passivated_agent_bytes", Math.max(0, heap - baseline) / (agents + history));
      r.put("note", "a passivated agent lives in its journal only: with remember-entities off sharding keeps nothing for it");
    }
    return r;
  }

  /** Runs {@code call} for ids prefix0 … prefix(n-1), 256 at a time. */
  private static void each(ActorSystem<?> system, String prefix, int from, int n,
      java.util.function.Function<String, java.util.concurrent.CompletionStage<?>> call) throws Exception {
    if (n <= 0) return;
    Source.range(from, from + n - 1).mapAsyncUnordered(256, i -> call.apply(prefix + i))
        .runWith(Sink.ignore(), system).toCompletableFuture().get(2, TimeUnit.HOURS);
  }

  private static java.util.concurrent.CompletionStage<AgentStatus> status(ActorSystem<?> system, String id) {
    return AgentEntity.ref(system, id).ask(AgentEntity.GetStatus::new, Duration.ofSeconds(120));
  }

  /** Waits until every agent prefix0 … reports its pack done; returns how many do. */
  private static int awaitIdle(ActorSystem<?> system, String prefix, int agents) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
    while (true) {
      int idle = Source.range(0, Math.max(0, agents - 1)).take(agents).mapAsyncUnordered(256, i -> status(system, prefix + i))
          .filter(s -> s.activity() == AgentStatus.Activity.IDLE && s.counters().packsCompleted() > 0)
          .runWith(Sink.fold(0, (n, s) -> n + 1), system).toCompletableFuture().get(1, TimeUnit.HOURS);
      if (idle == agents || System.nanoTime() > deadline) return idle;
      Thread.sleep(1000);
    }
  }

  private static void awaitNoEntities(ActorSystem<?> system) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (entities(system) > 0 && System.nanoTime() < deadline) Thread.sleep(500);
  }

  /** Entities alive on this node's shard region. */
  static int entities(ActorSystem<?> system) throws Exception {
    var state = akka.actor.typed.javadsl.AskPattern.<akka.cluster.sharding.typed.ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
        ClusterSharding.get(system).shardState(), reply -> new GetShardRegionState(AgentEntity.KEY, reply), Duration.ofSeconds(30),
        system.scheduler()).toCompletableFuture().get(60, TimeUnit.SECONDS);
    int n = 0;
    for (ShardRegion.ShardState s : state.getShards()) n += s.getEntityIds().size();
    return n;
  }

  /** Library logs at WARN: the benchmark prints its own results. */
  private static void quietLogs() {
    var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.WARN);
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(300);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static double round(double v) { return Math.round(v * 1000) / 1000.0; }

  static List<Double> millis(List<Long> nanos) {
    List<Double> out = new ArrayList<>();
    nanos.forEach(n -> out.add(round(n / 1e6)));
    return out;
  }
}
