package dev.perennial.environments;

/**
 * A verifier's verdict: {@code score} in [0, 1] (or [−1, 1] where a domain says so), the answer it
 * extracted (empty if none) and a human-readable reason. {@code success} is the binary outcome used
 * for success rates (score ≥ the domain's pass mark).
 */
public record Score(double score, boolean success, String answer, String reason) {
  public static Score fail(String reason) { return new Score(0.0, false, "", reason); }

  public static Score fail(String answer, String reason) { return new Score(0.0, false, answer, reason); }

  public static Score pass(String answer, String reason) { return new Score(1.0, true, answer, reason); }
}
