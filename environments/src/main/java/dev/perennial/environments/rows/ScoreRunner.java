package dev.perennial.environments.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierRegistry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The engine of {@code perennial score}: reads rows (JSONL or Parquet) that carry a model
 * {@code response}, scores each with the verifier its {@code data_source} routes to, and writes one
 * JSON line per input row — {@code {"line", "data_source", "domain", "score", "success", "answer",
 * "reason"}} — or {@code {"line", "error"}} for a row that cannot be parsed or validated. With
 * {@code strict} the first error line is written and then a {@link RowException} is thrown.
 * Returns a {@link ScoreSummary}. Plain Java: the CLI command only parses its options and calls
 * {@link #run(Path, Path, boolean)}.
 */
public final class ScoreRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final VerifierRegistry registry;
  private final RowParser parser;

  public ScoreRunner(VerifierRegistry registry) {
    this.registry = registry;
    this.parser = new RowParser(registry, RowParser.Mode.SCORING);
  }

  /** Scores {@code input} into {@code output} (created or replaced). */
  public ScoreSummary run(Path input, Path output, boolean strict) throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(output)) {
      return run(input, out, strict);
    }
  }

  /** Scores {@code input} into {@code out} (not closed), e.g. standard output. */
  public ScoreSummary run(Path input, OutputStream out, boolean strict) throws IOException {
    long t0 = System.nanoTime();
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    long[] counts = new long[3];
    Map<String, double[]> domains = new HashMap<>();
    try {
      RowSource.forEach(input, (n, json) -> {
        counts[0]++;
        RowParser.Parsed p = parser.parse(n, json);
        if (p.issue().isPresent()) {
          counts[2]++;
          writeLine(w, error(n, p.issue().get().reason()));
          if (strict) throw new RowException(p.issue().get());
          return;
        }
        GuruRow row = p.row().orElseThrow();
        Verifier v = registry.forDataSource(row.dataSource());
        Score s = v.verify(row.response().orElse(""), row.groundTruth(), row.extraInfo());
        counts[1]++;
        double[] d = domains.computeIfAbsent(v.domain(), k -> new double[3]);
        d[0]++;
        d[1] += s.score();
        d[2] += s.success() ? 1 : 0;
        ObjectNode line = JSON.createObjectNode();
        line.put("line", n);
        line.put("data_source", row.dataSource());
        line.put("domain", v.domain());
        line.put("score", s.score());
        line.put("success", s.success());
        line.put("answer", s.answer());
        line.put("reason", s.reason());
        writeLine(w, line);
      });
    } finally {
      w.flush();
    }
    Map<String, ScoreSummary.DomainStats> stats = new HashMap<>();
    domains.forEach((k, d) -> stats.put(k, new ScoreSummary.DomainStats((long) d[0], d[1] / d[0], d[2] / d[0])));
    return new ScoreSummary(counts[0], counts[1], counts[2], stats, (System.nanoTime() - t0) / 1_000_000);
  }

  private static ObjectNode error(long n, String reason) {
    ObjectNode line = JSON.createObjectNode();
    line.put("line", n);
    line.put("error", reason);
    return line;
  }

  private static void writeLine(Writer w, ObjectNode line) throws IOException {
    w.write(JSON.writeValueAsString(line));
    w.write('\n');
  }
}
