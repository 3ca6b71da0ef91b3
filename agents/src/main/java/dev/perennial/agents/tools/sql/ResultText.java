package dev.perennial.agents.tools.sql;

import dev.perennial.agents.tools.ToolSettings;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A query result as the model sees it: a header, a separator and one line per row, cells joined
 * with " | ", at most {@code max-rows} rows (the rest counted up to {@code count-limit}) and
 * {@code max-cell-chars} characters per cell.
 */
final class ResultText {
  private ResultText() {}

  static String render(ResultSet rs, ToolSettings.Sql settings) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    List<String> header = new ArrayList<>();
    for (int i = 1; i <= n; i++) header.add(cell(md.getColumnLabel(i), settings.maxCellChars()));
    List<String> lines = new ArrayList<>();
    lines.add(String.join(" | ", header));
    lines.add(header.stream().map(h -> "-".repeat(Math.max(3, Math.min(h.length(), 20)))).reduce((a, b) -> a + "-|-" + b).orElse(""));
    long count = 0;
    while (count < settings.countLimit() && rs.next()) {
      if (count < settings.maxRows()) {
        List<String> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          String v = rs.getString(i);
          row.add(v == null ? "NULL" : cell(v, settings.maxCellChars()));
        }
        lines.add(String.join(" | ", row));
      }
      count++;
    }
    boolean more = count == settings.countLimit() && rs.next();
    if (count <= settings.maxRows()) {
      lines.add("(" + count + (count == 1 ? " row)" : " rows)"));
    } else {
      lines.add("(first " + settings.maxRows() + " rows of " + (more ? "more than " + count : Long.toString(count))
          + "; aggregate or add LIMIT/WHERE to see others)");
    }
    return String.join("\n", lines);
  }

  private static String cell(String v, int max) {
    String one = v.replace("\n", "\\n").replace("\r", "\\r");
    return one.length() <= max ? one : one.substring(0, max - 1) + "…";
  }
}
