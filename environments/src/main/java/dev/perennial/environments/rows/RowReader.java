package dev.perennial.environments.rows;

import dev.perennial.environments.verify.VerifierRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a whole JSONL or Parquet file of Guru/verl rows for training or evaluation: valid rows are
 * kept, bad rows reported by number and reason ({@link RowBatch#issues()}); in strict mode the
 * first bad row throws {@link RowException} instead. Never stops half-way on bad data.
 */
public final class RowReader {
  private final RowParser parser;
  private final boolean strict;

  public RowReader(VerifierRegistry registry, RowParser.Mode mode, boolean strict) {
    this.parser = new RowParser(registry, mode);
    this.strict = strict;
  }

  public RowBatch read(Path file) throws IOException {
    List<GuruRow> rows = new ArrayList<>();
    List<RowIssue> issues = new ArrayList<>();
    RowSource.forEach(file, (n, json) -> {
      RowParser.Parsed p = parser.parse(n, json);
      if (p.issue().isPresent()) {
        if (strict) throw new RowException(p.issue().get());
        issues.add(p.issue().get());
      } else {
        rows.add(p.row().orElseThrow());
      }
    });
    return new RowBatch(rows, issues);
  }
}
