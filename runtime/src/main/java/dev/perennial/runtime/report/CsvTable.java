package dev.perennial.runtime.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Append-only CSV with a fixed header, flushed per row so a crash loses at most the row being
 * written and a re-run appends after what is there.
 */
public final class CsvTable {
  private final Path file;
  private final List<String> header;

  public CsvTable(Path file, List<String> header) {
    this.file = file;
    this.header = List.copyOf(header);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!Files.exists(file) || Files.size(file) == 0) {
        Files.writeString(file, line(this.header), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  public synchronized void append(List<?> values) {
    if (values.size() != header.size()) {
      throw new IllegalArgumentException("row has " + values.size() + " values, header has " + header.size());
    }
    try {
      Files.writeString(file, line(values), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  public Path file() { return file; }

  private static String line(List<?> values) {
    return values.stream().map(CsvTable::cell).collect(Collectors.joining(",")) + "\n";
  }

  private static String cell(Object v) {
    String s = v instanceof Double d ? (d.isNaN() ? "" : String.format(java.util.Locale.ROOT, "%.6g", d)) : String.valueOf(v);
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) return "\"" + s.replace("\"", "\"\"") + "\"";
    return s;
  }
}
