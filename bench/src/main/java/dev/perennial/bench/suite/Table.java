package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;

/** The suite's summary as a plain-text table: one line per ratio, with its spread and goal. */
final class Table {
  private Table() {}

  static String render(JsonNode summary) {
    StringBuilder b = new StringBuilder();
    JsonNode m = summary.get("machine");
    b.append(String.format("Perennial bench (%s) on %d cores, %s, %s, commit %s; load average %s → %s; %.0f s%n",
        summary.get("mode").asText(), m.get("cores").asInt(), m.get("cpu").asText(), m.get("java").asText(),
        m.get("commit").asText(), summary.get("load_average_at_start").asText().split(" ")[0],
        summary.get("load_average_at_end").asText().split(" ")[0], summary.get("seconds").asDouble()));
    String line = "-".repeat(124) + "\n";
    b.append(line).append(String.format("%-10s %-62s %9s %19s %3s %9s %-5s%n", "section", "ratio", "median", "spread (min–max)", "n", "goal", "met"))
        .append(line);
    for (JsonNode s : summary.get("sections")) {
      String name = s.get("section").asText();
      String status = s.get("status").asText();
      if (!status.equals("ok")) {
        b.append(String.format("%-10s %s: %s%n", name, status, s.path("note").asText()));
        continue;
      }
      for (JsonNode r : s.get("report").get("rows")) {
        JsonNode sp = r.get("spread");
        String spread = sp.get("n").asInt() > 1 ? String.format("%.3g–%.3g", sp.get("min").asDouble(), sp.get("max").asDouble()) : "";
        b.append(String.format("%-10s %-62s %9.3g %19s %3d %9s %-5s%n", name, cut(r.get("metric").asText(), 62),
            r.get("median").asDouble(), spread, sp.get("n").asInt(), r.path("goal").asText(""),
            r.has("met") ? (r.get("met").asBoolean() ? "yes" : "NO") : ""));
        name = "";
      }
      if (s.has("report") && s.get("report").path("details").has("cassandra_skipped"))
        b.append(String.format("%-10s Cassandra skipped: %s%n", "", s.get("report").get("details").get("cassandra_skipped").asText()));
    }
    return b.append(line).toString();
  }

  private static String cut(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }
}
