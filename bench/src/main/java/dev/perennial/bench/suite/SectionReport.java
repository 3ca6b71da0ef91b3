package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What one section of the suite reports: rows of (metric, median with spread, unit, goal) that
 * the suite prints as its table, plus free-form details (absolute rates, settings) kept in the
 * results file. A goal is a bound on the median: {@code ">= 0.7"} or {@code "<= 0.02"}.
 */
public final class SectionReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode root = JSON.createObjectNode();
  private final ArrayNode rows;
  private final ObjectNode details;

  public SectionReport(String section, String description) {
    root.put("section", section);
    root.put("description", description);
    root.put("time", Instant.now().toString());
    rows = root.putArray("rows");
    details = root.putObject("details");
  }

  /** A ratio against the reference measured in the same run (no goal). */
  public SectionReport row(String metric, Spread value, String unit, String reference) {
    return row(metric, value, unit, reference, null);
  }

  public SectionReport row(String metric, Spread value, String unit, String reference, String goal) {
    ObjectNode r = rows.addObject();
    r.put("metric", metric);
    r.put("median", value.median());
    r.set("spread", value.toJson());
    r.put("unit", unit);
    r.put("reference", reference);
    if (goal != null) {
      r.put("goal", goal);
      r.put("met", meets(value.median(), goal));
    }
    return this;
  }

  public ObjectNode details() { return details; }

  public ObjectNode json() { return root; }

  public void write(Path file) throws IOException {
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    Files.writeString(file, root.toPrettyString());
    System.out.println("wrote " + file);
  }

  /** Whether {@code value} meets a goal written as {@code ">= x"} or {@code "<= x"}. */
  public static boolean meets(double value, String goal) {
    String g = goal.strip();
    double bound = Double.parseDouble(g.substring(2).strip());
    if (g.startsWith(">=")) return value >= bound;
    if (g.startsWith("<=")) return value <= bound;
    throw new IllegalArgumentException("a goal is '>= x' or '<= x', got '" + goal + "'");
  }
}
