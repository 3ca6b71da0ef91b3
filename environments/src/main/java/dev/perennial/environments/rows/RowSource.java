package dev.perennial.environments.rows;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Streams the raw rows of a JSONL or Parquet file, numbered from 1, to a callback. Parquet is read
 * by DuckDB's JDBC driver (an in-memory database per call), each row turned into JSON by DuckDB's
 * {@code to_json}, so both formats then share one validator. Blank JSONL lines are skipped but
 * still counted, so numbers match the file.
 */
public final class RowSource {
  private RowSource() {}

  /** Receives each raw row: its number and its JSON text. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(long rowNumber, String json) throws IOException;
  }

  public static boolean isParquet(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet");
  }

  public static void forEach(Path file, RowConsumer consumer) throws IOException {
    if (isParquet(file)) parquet(file, consumer);
    else jsonl(file, consumer);
  }

  private static void jsonl(Path file, RowConsumer consumer) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long n = 0;
      String line;
      while ((line = in.readLine()) != null) {
        n++;
        if (!line.isBlank()) consumer.accept(n, line);
      }
    }
  }

  private static void parquet(Path file, RowConsumer consumer) throws IOException {
    if (!Files.isReadable(file)) throw new IOException("cannot read " + file);
    String path = file.toAbsolutePath().toString().replace("'", "''");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("SET threads TO 1");
      try (ResultSet rs = st.executeQuery("SELECT to_json(t) FROM read_parquet('" + path + "') AS t")) {
        long n = 0;
        while (rs.next()) consumer.accept(++n, rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IOException("cannot read Parquet " + file + ": " + e.getMessage(), e);
    }
  }
}
