package dev.perennial.environments.rows;

/** A row that was skipped: where it is (1-based line or row number) and why. */
public record RowIssue(long rowNumber, String reason) {
  @Override
  public String toString() { return "row " + rowNumber + ": " + reason; }
}
