package dev.perennial.agents.testkit;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import akka.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.environments.Environment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Configurations for agent tests: an in-memory journal for {@code EventSourcedBehaviorTestKit}, or a
 * real H2 file journal under a single-node cluster (sharding included) for recovery tests.
 */
public final class TestSystems {
  private TestSystems() {}

  /** Short timeouts so failure paths finish quickly in tests. */
  public static final String FAST_AGENT = """
      perennial.agents.tool-timeout = 1s
      perennial.agents.verifier-timeout = 5s
      perennial.agents.policy-retry-backoff = 50ms
      perennial.agents.supervision.min-backoff = 20ms
      perennial.agents.supervision.max-backoff = 100ms
      akka.loglevel = WARNING
      akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
      akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
      """;

  /** Sharding remembers agents (off by default): recovery tests where the agent must come back without a message. */
  public static final String REMEMBER = "perennial.agents.remember-entities = on\n";

  /** For {@code EventSourcedBehaviorTestKit}: in-memory journal and snapshots, serialization checked. */
  public static Config inMemory(String extra) {
    return ConfigFactory.parseString(FAST_AGENT + "\n" + extra)
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
        .withFallback(ConfigFactory.load());
  }

  /** A one-node cluster on the H2 file journal in {@code dataDir}; several may run in one JVM, one at a time per directory. */
  public static Config h2Cluster(Path dataDir, String extra) {
    return ConfigFactory.load(ConfigFactory.parseString(FAST_AGENT + """
        perennial.persistence.data-dir = "%s"
        jdbc-read-journal.refresh-interval = 100ms
        jdbc-read-journal.journal-sequence-retrieval.query-delay = 100ms
        jdbc-read-journal.journal-sequence-retrieval.max-tries = 10
        akka.actor.provider = cluster
        akka.remote.artery.canonical.hostname = "127.0.0.1"
        akka.remote.artery.canonical.port = 0
        akka.cluster.jmx.multi-mbeans-in-same-jvm = on
        akka.coordinated-shutdown.exit-jvm = off
        akka.coordinated-shutdown.terminate-actor-system = on
        akka.cluster.sharding.rebalance-interval = 1h
        """.formatted(dataDir.toAbsolutePath().toString().replace("\\", "/")) + "\n" + extra));
  }

  /** A single node is its own cluster: join itself so sharding can allocate shards. */
  public static void joinSelf(ActorSystem<?> system) {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
  }

  public static AgentDeps deps(Config config, Policy policy, List<Environment> environments, List<Tool> tools) {
    return new AgentDeps(policy, EnvironmentLookup.of(environments), ToolRegistry.of(tools), new TestFormatScorer(),
        AgentSettings.from(config));
  }

  public static Duration patience() { return Duration.ofSeconds(15); }
}
