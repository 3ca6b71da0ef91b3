package dev.perennial.runtime.serve;

import java.util.Map;
import java.util.Optional;

/**
 * The learner's progress as the API, the dashboard and the metrics show it.
 *
 * @param policyVersion    the newest published policy version
 * @param step             learner steps taken
 * @param queuedEpisodes   episodes read from the stream and not yet trained on (the learner's queue)
 * @param readyGroups      groups complete and waiting for a step
 * @param lastStepSeconds  wall-clock time of the latest step
 * @param recentMetrics    the latest step's metrics by name (loss, grad_norm, reward_mean, …)
 * @param lastError        the latest problem a user should see
 */
public record LearnerView(long policyVersion, long step, int queuedEpisodes, int readyGroups, Optional<Double> lastStepSeconds,
    Map<String, Double> recentMetrics, boolean finished, Optional<String> lastError) {
  public LearnerView {
    recentMetrics = Map.copyOf(recentMetrics);
  }
}
