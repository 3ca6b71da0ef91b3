package dev.perennial.environments.verify.math;

/** What a symbolic comparison concluded, and why (shown in the verifier's reason). */
public record CasVerdict(Outcome outcome, String reason) {
  public enum Outcome { EQUAL, NOT_EQUAL, UNDECIDED }

  public static CasVerdict equal(String reason) { return new CasVerdict(Outcome.EQUAL, reason); }

  public static CasVerdict notEqual(String reason) { return new CasVerdict(Outcome.NOT_EQUAL, reason); }

  public static CasVerdict undecided(String reason) { return new CasVerdict(Outcome.UNDECIDED, reason); }

  public boolean isEqual() { return outcome == Outcome.EQUAL; }
}
