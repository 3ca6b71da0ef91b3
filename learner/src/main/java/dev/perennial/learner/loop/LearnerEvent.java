package dev.perennial.learner.loop;

import dev.perennial.learner.ledger.EpisodeRef;
import dev.perennial.persistence.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * What the learner decided, in its journal. Each event carries the low-water stream offset after
 * its decisions ({@code resumeOffset}): recovery re-reads the stream from there, and the ledger
 * (rebuilt from these events) says which of the re-read episodes are already decided.
 */
public sealed interface LearnerEvent extends CborSerializable {
  /**
   * A training step is done and its checkpoint is on disk: version {@code version} at
   * {@code checkpoint} with weights {@code sha256}. Persisted only after the checkpoint directory
   * was moved into place, so a committed step always has its weights.
   */
  record StepCommitted(long step, long version, String checkpoint, String sha256, List<EpisodeRef> trained, List<Dropped> dropped,
      String resumeOffset, Map<String, Double> metrics, long atMillis) implements LearnerEvent {
    public StepCommitted {
      trained = List.copyOf(trained);
      dropped = List.copyOf(dropped);
      metrics = Map.copyOf(metrics);
    }
  }

  /** Episodes left out between steps (stale, untrainable, zero-variance group, not a training group, …). */
  record EpisodesDropped(List<Dropped> dropped, String resumeOffset, long atMillis) implements LearnerEvent {
    public EpisodesDropped {
      dropped = List.copyOf(dropped);
    }
  }
}
