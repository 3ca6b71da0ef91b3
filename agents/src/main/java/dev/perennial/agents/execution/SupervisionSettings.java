package dev.perennial.agents.execution;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How tool executors and verifier workers are supervised ({@code perennial.agents.supervision}).
 *
 * @param toolRestarts     restarts (each retries the call) after a crash before the call fails
 * @param verifierRestarts same for a verifier worker
 */
public record SupervisionSettings(
    int toolRestarts, int verifierRestarts, Duration minBackoff, Duration maxBackoff, double randomFactor) {

  public SupervisionSettings {
    if (toolRestarts < 0 || verifierRestarts < 0) throw new IllegalArgumentException("perennial.agents.supervision: restarts must be >= 0");
    if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
      throw new IllegalArgumentException("perennial.agents.supervision: need 0 < min-backoff <= max-backoff");
    }
    if (randomFactor < 0 || randomFactor > 1) throw new IllegalArgumentException("perennial.agents.supervision.random-factor must be in [0, 1]");
  }

  public static SupervisionSettings from(Config c) {
    return new SupervisionSettings(c.getInt("tool-restarts"), c.getInt("verifier-restarts"),
        c.getDuration("min-backoff"), c.getDuration("max-backoff"), c.getDouble("random-factor"));
  }
}
