package dev.perennial.environments.rows;

/** Strict mode: the first bad row stops reading, with its number and reason. */
public final class RowException extends RuntimeException {
  private final RowIssue issue;

  public RowException(RowIssue issue) {
    super(issue.toString());
    this.issue = issue;
  }

  public RowIssue issue() { return issue; }
}
