package dev.perennial.environments.verify.extract;

/**
 * Result of pulling a final answer out of a response: the answer text when {@code found}, else a
 * {@code problem} saying why nothing could be extracted (shown as the verifier's reason).
 *
 * @param end index in the searched text just after the answer's delimiter (for "which came last")
 */
public record Extraction(boolean found, String answer, String problem, int end) {
  public static Extraction of(String answer, int end) { return new Extraction(true, answer, "", end); }

  public static Extraction none(String problem) { return new Extraction(false, "", problem, -1); }
}
