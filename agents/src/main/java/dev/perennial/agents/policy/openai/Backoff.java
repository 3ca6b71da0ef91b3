package dev.perennial.agents.policy.openai;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt k (1-based) waits initial·2^(k−1), capped at the
 * maximum, scaled by a random factor in [1 − jitter, 1 + jitter] so that many agents hitting the
 * same overloaded server do not retry in lockstep. A server's Retry-After wins when longer.
 */
record Backoff(OpenAiSettings.Retry retry) {
  Duration delay(int failedAttempt, Optional<Duration> retryAfter) {
    double base = retry.initialBackoff().toMillis() * Math.pow(2, Math.min(30, failedAttempt - 1));
    double capped = Math.min(base, retry.maxBackoff().toMillis());
    double factor = 1 + retry.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    long millis = Math.round(capped * factor);
    if (retryAfter.isPresent()) {
      millis = Math.max(millis, Math.min(retryAfter.get().toMillis(), retry.maxBackoff().toMillis()));
    }
    return Duration.ofMillis(millis);
  }
}
