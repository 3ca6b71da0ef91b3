package dev.perennial.agents.testkit;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.stream.javadsl.Sink;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.JournalSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A one-node cluster on a real H2 file journal, started the way a deployment starts: schema first,
 * then join itself, then register the agents with sharding.
 */
public record TestNode(ActorTestKit kit, AgentDeps deps) {

  public static TestNode start(Path dataDir, String name, String extraConfig, Function<Config, AgentDeps> deps) {
    ActorTestKit kit = ActorTestKit.create(name, TestSystems.h2Cluster(dataDir, extraConfig));
    JournalSchema.ensureBlocking(kit.system());
    TestSystems.joinSelf(kit.system());
    long deadline = System.currentTimeMillis() + 10_000;
    while (Cluster.get(kit.system()).selfMember().status() != MemberStatus.up()) {
      if (System.currentTimeMillis() > deadline) throw new IllegalStateException("node did not join itself");
      sleep(20);
    }
    AgentDeps d = deps.apply(kit.system().settings().config());
    AgentEntity.init(kit.system(), d);
    return new TestNode(kit, d);
  }

  /** Episodes in the stream now, in journal order. */
  public List<EpisodeRecord> episodes() {
    try {
      return EpisodeFeed.current(kit.system(), null)
          .map(EpisodeFeed.StoredEpisode::record)
          .runWith(Sink.seq(), kit.system()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the stream holds at least {@code n} episodes. */
  public List<EpisodeRecord> awaitEpisodes(int n, Duration patience) {
    long deadline = System.currentTimeMillis() + patience.toMillis();
    while (true) {
      List<EpisodeRecord> now = episodes();
      if (now.size() >= n) return now;
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("expected " + n + " episodes in " + patience + ", got " + now.size() + ": "
            + now.stream().map(EpisodeRecord::episodeId).toList());
      }
      sleep(100);
    }
  }

  public void stop() { kit.shutdownTestKit(); }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
