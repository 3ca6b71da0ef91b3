package dev.perennial.runtime.train;

import akka.actor.typed.ActorSystem;
import dev.perennial.agents.entity.EpisodeFeed;
import dev.perennial.learner.loop.EpisodeSource;

/** The learner's episode source: the journal's live episode stream, from an offset. */
public final class JournalEpisodes {
  private JournalEpisodes() {}

  public static EpisodeSource of(ActorSystem<?> system) {
    return offset -> EpisodeFeed.live(system, offset).map(e -> new EpisodeSource.Fed(e.record(), e.offset()));
  }
}
