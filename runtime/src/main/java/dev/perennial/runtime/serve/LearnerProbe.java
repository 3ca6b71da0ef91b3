package dev.perennial.runtime.serve;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where {@code perennial serve} reads the learner's progress from, when a learner runs: the seam
 * the learner fills (asking its singleton for its status). {@link #NONE} — no learner — makes
 * {@code GET /learner} answer 404 and the dashboard say so.
 */
@FunctionalInterface
public interface LearnerProbe {
  /** The learner's status now; empty when no learner runs. Must not block. */
  CompletionStage<Optional<LearnerView>> status();

  LearnerProbe NONE = () -> CompletableFuture.completedFuture(Optional.empty());
}
