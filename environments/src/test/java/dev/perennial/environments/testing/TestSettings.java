package dev.perennial.environments.testing;

import dev.perennial.environments.verify.VerifierSettings;
import java.time.Duration;

/** Verifier settings with short sandbox limits, so failing-code tests finish quickly. */
public final class TestSettings {
  private TestSettings() {}

  public static final VerifierSettings FAST = new VerifierSettings(Duration.ofSeconds(2), 1, 400, 24, 10_000,
      Duration.ofSeconds(3), 256L << 20, Duration.ofSeconds(20), false, 1e-2, 1e-4);
}
