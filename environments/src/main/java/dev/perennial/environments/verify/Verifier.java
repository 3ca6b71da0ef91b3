package dev.perennial.environments.verify;

import dev.perennial.environments.Score;
import java.util.Map;

/**
 * A domain's reward function: pure, bounded in time, never throws. A malformed response or ground
 * truth gives score 0 with a reason.
 */
public interface Verifier {
  /** The domain name this verifier reports ("math", "code", "science", "logic", "simulation", "tabular", …). */
  String domain();

  Score verify(String response, String groundTruth, Map<String, String> extraInfo);

  /**
   * Why {@code groundTruth} has the wrong shape for this domain (so a data loader can report the
   * row), or empty when it is usable. Cheap: no model output, no sandbox, no CAS.
   */
  default java.util.Optional<String> checkGroundTruth(String groundTruth) {
    return groundTruth == null || groundTruth.isBlank()
        ? java.util.Optional.of("empty ground truth")
        : java.util.Optional.empty();
  }
}
