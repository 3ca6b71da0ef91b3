package dev.perennial.learner.loop;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import dev.perennial.agents.episode.EpisodeRecord;

/**
 * Where the learner reads completed episodes: a live source starting after a stored offset, in
 * journal order, never completing. The node wires it to the journal's tagged episode stream; the
 * learner only stores and hands back the offsets.
 */
@FunctionalInterface
public interface EpisodeSource {
  /** Completed episodes after {@code offset} (exclusive; "none" = from the beginning). */
  Source<Fed, NotUsed> from(String offset);

  /** One completed episode and its offset in the stream. */
  record Fed(EpisodeRecord record, String offset) {}
}
