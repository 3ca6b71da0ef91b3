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
}
