package dev.perennial.bench;

import akka.actor.typed.ActorSystem;
import akka.pattern.StatusReply;
import akka.persistence.query.PersistenceQuery;
import akka.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.environments.PackSpec;
import dev.perennial.persistence.PersistenceSettings;
import dev.perennial.runtime.node.PerennialNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Part of {@link ScaleBench}: recovery time of an agent with ~N events, one whose journal has
 * snapshots (every 50 events, the agents' default) and one without any. Both agents are built by
 * running packs through them; then a fresh node recovers each one several times (the agent
 * passivates between recoveries), timing first message to first reply: entity start, snapshot
 * load, replay of the events after it, reply.
 */
final class RecoveryBench {
  private RecoveryBench() {}

  static Map<String, Object> run(Config config, int events, int recoveries) throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    long built = System.nanoTime();
    String noSnapshots = "perennial.agents.snapshot-every = 1000000000";
    long withSnapshots = build(config, "with-snapshots", "", events);
    long without = build(config, "without-snapshots", noSnapshots, events);
    r.put("seconds_to_build_both_journals", ScaleBench.round((System.nanoTime() - built) / 1e9));
    // each agent is recovered on a node with its own snapshot setting: a recovery that replays more
    // than snapshot-every events saves a snapshot right away, so the default would add one to the other
    String fast = "perennial.agents.passivate-after-idle = 300ms\n";
    try (PerennialNode node = ScaleBench.node("recovery", ConfigFactory.parseString(fast).withFallback(config))) {
      recover(node.system(), "with-snapshots", 1); // warm up the journal connection and the code paths
      r.put("with_snapshots", summary(withSnapshots, recover(node.system(), "with-snapshots", recoveries)));
    }
    try (PerennialNode node = ScaleBench.node("recovery-nosnap", ConfigFactory.parseString(fast + noSnapshots).withFallback(config))) {
      recover(node.system(), "with-snapshots", 1);
      r.put("without_snapshots", summary(without, recover(node.system(), "without-snapshots", recoveries)));
      // reference: reading (and deserializing) every event of that agent through the read journal
      List<Long> reads = new ArrayList<>();
      for (int i = 0; i < recoveries; i++) {
        long t0 = System.nanoTime();
        eventCount(node.system(), "without-snapshots");
        reads.add(System.nanoTime() - t0);
      }
      r.put("read_all_events_of_one_agent", summary(without, reads));
    }
    return r;
  }

  /** Runs 10-task packs through agent {@code id} until its journal holds at least {@code events}; returns how many it holds. */
  private static long build(Config config, String id, String extra, int events) throws Exception {
    try (PerennialNode node = ScaleBench.node("build-" + id, ConfigFactory.parseString(extra).withFallback(config))) {
      ActorSystem<?> system = node.system();
      var env = new AddRuleEnvironment();
      long count = 0;
      for (int run = 1; count < events; run++) {
        var pack = env.pack(PackSpec.train(run, 10));
        AgentEntity.ref(system, id).<StatusReply<akka.Done>>ask(reply -> new AgentEntity.AssignPack(pack, "", reply), Duration.ofSeconds(30))
            .toCompletableFuture().get(60, TimeUnit.SECONDS);
        while (status(system, id).activity() != AgentStatus.Activity.IDLE) Thread.sleep(20);
        if (run == 1 || run % 10 == 0 || count > events * 0.9) count = eventCount(system, id);
      }
      return eventCount(system, id);
    }
  }

  /** Times {@code times} recoveries of agent {@code id}, each after it passivated. */
  private static List<Long> recover(ActorSystem<?> system, String id, int times) throws Exception {
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ScaleBench.entities(system) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
      long t0 = System.nanoTime();
      status(system, id);
      nanos.add(System.nanoTime() - t0);
    }
    return nanos;
  }

  private static AgentStatus status(ActorSystem<?> system, String id) throws Exception {
    return AgentEntity.ref(system, id).<AgentStatus>ask(AgentEntity.GetStatus::new, Duration.ofSeconds(60))
        .toCompletableFuture().get(90, TimeUnit.SECONDS);
  }

  private static long eventCount(ActorSystem<?> system, String id) throws Exception {
    var journal = PersistenceQuery.get(system).getReadJournalFor(CurrentEventsByPersistenceIdQuery.class,
        PersistenceSettings.from(system.settings().config()).readJournal());
    return journal.currentEventsByPersistenceId("Agent|" + id, 0, Long.MAX_VALUE).runWith(Sink.fold(0L, (n, e) -> n + 1), system)
        .toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static Map<String, Object> summary(long events, List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    sorted.sort(null);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("events", events);
    s.put("recoveries", nanos.size());
    s.put("median_ms", ScaleBench.round(sorted.get(sorted.size() / 2) / 1e6));
    s.put("p90_ms", ScaleBench.round(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1)) / 1e6));
    s.put("min_ms", ScaleBench.round(sorted.get(0) / 1e6));
    s.put("all_ms", ScaleBench.millis(nanos));
    return s;
  }
}
