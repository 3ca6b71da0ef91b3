package dev.perennial.environments.rows;

import java.util.List;

/** The rows of a file that passed validation, and the ones that did not. */
public record RowBatch(List<GuruRow> rows, List<RowIssue> issues) {
  public RowBatch {
    rows = List.copyOf(rows);
    issues = List.copyOf(issues);
  }
}
