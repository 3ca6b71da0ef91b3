package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.pubsub.Topic;
import akka.persistence.testkit.PersistenceTestKitPlugin;
import akka.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.ledger.EpisodeLedger;
import dev.perennial.learner.ledger.LedgerEntry;
import dev.perennial.learner.rl.RlSettings;
import dev.perennial.learner.testing.Episodes;
import dev.perennial.learner.testing.FakeTrainer;
import dev.perennial.learner.testing.ListSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner actor on an in-memory journal, a list-backed episode stream and a fake trainer:
 * each complete group is trained once, drops carry reasons, and after a stop in the middle of a
 * step the next incarnation resumes from the committed checkpoint and offset with no episode lost
 * or trained twice.
 */
class LearnerTest {
  @TempDir Path dir;
  private ActorTestKit kit;

  private Config config() {
    return ConfigFactory.parseString("""
        perennial.learner.loop {
          group-size = 2
          checkpoint-dir = "%s"
          initial-checkpoint = "%s"
          keep-checkpoints = 2
          snapshot-every = 3
        }
        perennial.learner.rl.red-weight = off
        perennial.learner.rl.dynamic-sampling.groups-per-batch = 1
        akka.loglevel = WARNING
        # the persistence module binds this too (once it ships its reference.conf)
        akka.actor.serialization-bindings { "dev.perennial.persistence.CborSerializable" = jackson-cbor }
        """.formatted(dir.resolve("checkpoints"), dir.resolve("initial")))
        .withFallback(PersistenceTestKitPlugin.getInstance().config())
        .withFallback(PersistenceTestKitSnapshotPlugin.getInstance().config())
        .withFallback(ConfigFactory.load());
  }

  @AfterEach
  void stop() {
    if (kit != null) kit.shutdownTestKit();
  }

  private static List<EpisodeRecord> signalGroup(String id) {
    return Episodes.group(id, 0, new double[][] {{1, 0, 0}, {0, 1, -0.1}});
  }

  private ActorRef<Learner.Command> start(Config config, ListSource feed, FakeTrainer.Log log) {
    return kit.spawn(Learner.create(LearnerSettings.from(config), RlSettings.from(config), feed, FakeTrainer.factory(log)));
  }

  private LearnerStatus awaitStep(ActorRef<Learner.Command> learner, long step) {
    TestProbe<LearnerStatus> probe = kit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(15), Duration.ofMillis(50), () -> {
      learner.tell(new Learner.GetStatus(probe.getRef()));
      LearnerStatus s = probe.receiveMessage();
      assertEquals(step, s.step(), "learner step");
      assertTrue(s.trainingStep().isEmpty());
      return s;
    });
  }

  private EpisodeLedger ledger(PersistenceTestKit journal) {
    LearnerState state = LearnerState.empty();
    for (Object e : journal.persistedInStorage(Learner.NAME)) {
      state = e instanceof LearnerEvent.StepCommitted c ? state.committed(c) : state.dropped((LearnerEvent.EpisodesDropped) e);
    }
    return state.ledger();
  }

  @Test
  void trainsEveryCompleteGroupOnceAndRecordsWhyOthersWereDropped() throws Exception {
    Config config = config();
    kit = ActorTestKit.create(config);
    FakeTrainer.initial(dir.resolve("initial"));
    ListSource feed = new ListSource();
    feed.append(signalGroup("g1"));
    feed.append(Episodes.group("flat", 0, new double[][] {{1, 1, 0}, {1, 1, 0}}));
    feed.append(Episodes.group("eval/1", 0, new double[][] {{1, 0, 0}}));
    List<EpisodeRecord> g2 = signalGroup("g2");
    feed.append(g2.subList(0, 3));
    TestProbe<PolicyPublished> published = kit.createTestProbe();
    ActorRef<Topic.Command<PolicyPublished>> topic = kit.spawn(Topic.create(PolicyPublished.class, "perennial-policy"));
    topic.tell(Topic.subscribe(published.getRef()));
    FakeTrainer.Log log = new FakeTrainer.Log();
    ActorRef<Learner.Command> learner = start(config, feed, log);

    awaitStep(learner, 1);
    PolicyPublished v1 = published.expectMessageClass(PolicyPublished.class, Duration.ofSeconds(10));
    assertEquals(1, v1.version());
    assertTrue(Files.isDirectory(Path.of(v1.location())));
    feed.append(g2.subList(3, 6));
    LearnerStatus s = awaitStep(learner, 2);
    assertEquals(12, s.trained());
    assertEquals(Map.of("trained", 12, "zero variance", 6, "excluded", 3), s.decidedByCategory());

    EpisodeLedger ledger = ledger(PersistenceTestKit.create(kit.system()));
    for (EpisodeRecord e : feed.journal()) assertTrue(ledger.contains(e.episodeId()), e.episodeId() + " decided");
    assertEquals(2L, ledger.get("g2-a0#1/s1").map(LedgerEntry::step).orElseThrow());
    assertEquals(List.of(0L), log.openedAt);
  }

  @Test
  void afterAStopInTheMiddleOfAStepTheNextIncarnationResumesWithNothingLostOrTrainedTwice() throws Exception {
    Config config = config();
    kit = ActorTestKit.create(config);
    FakeTrainer.initial(dir.resolve("initial"));
    ListSource feed = new ListSource();
    for (int g = 1; g <= 3; g++) feed.append(signalGroup("g" + g));
    FakeTrainer.Log log = new FakeTrainer.Log();
    log.gate = new CountDownLatch(1);
    log.gateAtCall = 2;
    ActorRef<Learner.Command> first = start(config, feed, log);
    assertTrue(log.gateReached.await(15, TimeUnit.SECONDS), "step 2 started");
    // a step half done: the trainer holds it while the learner goes away
    new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.gate.countDown();
    }).start();
    kit.stop(first, Duration.ofSeconds(20));
    assertTrue(Files.isDirectory(dir.resolve("checkpoints/v000002")), "the dead step wrote its checkpoint, never committed");

    for (int g = 4; g <= 5; g++) feed.append(signalGroup("g" + g));
    ActorRef<Learner.Command> second = start(config, feed, log);
    LearnerStatus s = awaitStep(second, 5);
    assertEquals(30, s.trained());
    assertEquals(List.of(0L, 1L), log.openedAt, "the second incarnation resumed from committed version 1");

    EpisodeLedger ledger = ledger(PersistenceTestKit.create(kit.system()));
    assertEquals(feed.size(), ledger.size(), "every episode of the stream is decided");
    Map<String, Integer> committedSteps = new HashMap<>();
    for (LedgerEntry e : ledger.entries()) committedSteps.merge(e.episodeId(), 1, Integer::sum);
    assertTrue(committedSteps.values().stream().allMatch(n -> n == 1));
    // the interrupted step (g2) was trained again, by the second incarnation, and committed once
    List<String> g2 = new ArrayList<>(log.steps.get(1));
    g2.sort(null);
    List<String> redone = new ArrayList<>(log.steps.get(2));
    redone.sort(null);
    assertEquals(g2, redone);
    assertEquals(2L, ledger.get("g2-a1#1/s0").orElseThrow().step());
    assertEquals("5", Files.readString(dir.resolve("checkpoints/v000005/model.bin")));
    assertEquals(List.of(4L, 5L), new dev.perennial.learner.store.CheckpointStore(dir.resolve("checkpoints"), 2).versions());
    // g1 was decided before the stop: the second incarnation started reading after it
    for (int i = 0; i < 6; i++) assertEquals(1, feed.deliveries(i), "g1 episode " + i + " read once");
    for (int i = 6; i < 12; i++) assertEquals(2, feed.deliveries(i), "g2 episode " + i + " re-read once");
  }
}
