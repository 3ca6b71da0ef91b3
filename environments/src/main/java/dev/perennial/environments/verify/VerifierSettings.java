package dev.perennial.environments.verify;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;

/**
 * The verifiers' settings, read once from {@code perennial.environments.verify} (every key is
 * documented in this module's reference.conf) and passed to the verifiers that need them.
 */
public record VerifierSettings(
    Duration casTimeout,
    int casThreads,
    int casMaxChars,
    int casMaxDepth,
    int maxAnswerChars,
    Duration codeCaseTimeout,
    long codeMemoryBytes,
    Duration codeTotalTimeout,
    boolean codePartialCredit,
    double scienceRelativeTolerance,
    double tabularRelativeTolerance) {

  public static VerifierSettings from(Config config) {
    Config v = config.getConfig("perennial.environments.verify");
    return new VerifierSettings(
        v.getDuration("math.cas-timeout"),
        v.getInt("math.cas-threads"),
        v.getInt("math.cas-max-chars"),
        v.getInt("math.cas-max-depth"),
        v.getInt("math.max-answer-chars"),
        v.getDuration("code.case-timeout"),
        v.getBytes("code.memory-bytes"),
        v.getDuration("code.total-timeout"),
        v.getBoolean("code.partial-credit"),
        v.getDouble("science.default-relative-tolerance"),
        v.getDouble("tabular.relative-tolerance"));
  }

  /** The defaults of reference.conf. */
  public static VerifierSettings defaults() {
    return from(ConfigFactory.defaultReference());
  }
}
