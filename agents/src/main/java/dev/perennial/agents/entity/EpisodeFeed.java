package dev.perennial.agents.entity;

import akka.NotUsed;
import akka.actor.typed.ActorSystem;
import akka.stream.javadsl.Source;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.persistence.EpisodeStream;

/**
 * Completed episodes of every agent, in journal order: what the learner trains on. Each element
 * carries the offset to store once it is processed; passing that offset back resumes right after
 * it (nothing skipped, nothing repeated), across restarts of the consumer or the node.
 */
public final class EpisodeFeed {
  private EpisodeFeed() {}

  /** An episode and where it sits in the stream. */
  public record StoredEpisode(EpisodeRecord record, String offset) {}

  /** Live: never completes. {@code fromOffset} null, blank or "none" starts at the beginning. */
  public static Source<StoredEpisode, NotUsed> live(ActorSystem<?> system, String fromOffset) {
    return EpisodeStream.live(system, AgentEvent.EpisodeCompleted.class, fromOffset).map(EpisodeFeed::stored);
  }

  /** What is in the journal now, then completes. */
  public static Source<StoredEpisode, NotUsed> current(ActorSystem<?> system, String fromOffset) {
    return EpisodeStream.current(system, AgentEvent.EpisodeCompleted.class, fromOffset).map(EpisodeFeed::stored);
  }

  private static StoredEpisode stored(EpisodeStream.Element<AgentEvent.EpisodeCompleted> e) {
    return new StoredEpisode(e.event().record(), e.offset());
  }
}
