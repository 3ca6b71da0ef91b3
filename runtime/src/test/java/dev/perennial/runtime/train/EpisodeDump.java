package dev.perennial.runtime.train;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.stream.javadsl.Sink;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Turn;
import dev.perennial.runtime.config.Profiles;
import java.util.List;
import java.util.Map;

/** Prints the episodes of a run's journal whose group starts with a prefix (debugging aid). Args: dataDir groupPrefix [max]. */
public final class EpisodeDump {
  public static void main(String[] args) {
    var config = Profiles.load("local", ConfigFactory.parseMap(Map.of("perennial.persistence.data-dir", args[0],
        "akka.actor.provider", "local")));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dump", config);
    try {
      int max = args.length > 2 ? Integer.parseInt(args[2]) : 20;
      List<EpisodeRecord> all = EpisodeFeed.current(system, "none").map(EpisodeFeed.StoredEpisode::record)
          .filter(e -> e.groupId().startsWith(args[1])).take(max).runWith(Sink.seq(), system).toCompletableFuture().join();
      for (EpisodeRecord e : all) {
        System.out.printf("=== %s %s pos %d v%d reward %s success %s truncated %s%n", e.episodeId(), e.kind(), e.position(),
            e.policyVersion(), e.rewards().outcome() + e.rewards().penalty(), e.rewards().success(), e.truncated());
        for (Turn t : e.turns()) System.out.println("[in]" + t.injectedText() + "[out]" + t.sampledText());
      }
    } finally {
      system.terminate();
    }
  }
}
