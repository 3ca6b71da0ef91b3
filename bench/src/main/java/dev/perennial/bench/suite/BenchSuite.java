package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark suite: runs each section's benchmark in a JVM of its own (so that one section's
 * heap, JIT and native threads do not colour the next), collects their results files, prints one
 * table of ratios — every figure against a reference measured in the same run — and writes
 * {@code bench/results/<date>.json} with the machine it ran on; the sections' own files go to
 * {@code bench/results/<date>/}. Run through {@code bench/suite.sh [--quick]}, which builds first.
 */
public final class BenchSuite {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchSuite() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args, "mode", "quick or full (full)", "sections", "comma-separated subset (all)",
        "python", "the PyTorch reference's interpreter (/usr/bin/python3)");
    boolean quick = o.string("mode", "full").equals("quick");
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm"));
    Path results = Path.of("bench/results");
    Path runDir = results.resolve(stamp);
    Files.createDirectories(runDir);
    Machine machine = Machine.describe(o.string("python", "/usr/bin/python3"));
    List<Section> sections = Sections.all(machine);
    List<String> wanted = o.string("sections", "").isBlank() ? sections.stream().map(Section::name).toList()
        : Arrays.stream(o.string("sections", "").split(",")).map(String::strip).toList();
    for (String w : wanted) {
      if (sections.stream().noneMatch(s -> s.name().equals(w)))
        throw new IllegalArgumentException("unknown section '" + w + "'; sections: " + sections.stream().map(Section::name).toList());
    }

    ObjectNode summary = JSON.createObjectNode();
    summary.put("suite", "perennial bench").put("mode", quick ? "quick" : "full").put("started", Instant.now().toString());
    summary.set("machine", machine.toJson());
    summary.put("load_average_at_start", Machine.loadAverage());
    ArrayNode done = summary.putArray("sections");
    long suiteStart = System.nanoTime();
    boolean failed = false;
    for (Section s : sections) {
      if (!wanted.contains(s.name())) continue;
      ObjectNode entry = done.addObject();
      entry.put("section", s.name()).put("title", s.title());
      String skip = Sections.skipReason(s, machine);
      if (skip != null) {
        System.out.printf("%n=== %s: skipped (%s)%n", s.title(), skip);
        entry.put("status", "skipped").put("note", skip);
        continue;
      }
      System.out.printf("%n=== %s (%s)%n", s.title(), s.mainClass());
      long t0 = System.nanoTime();
      Outcome outcome = run(s, quick, results, runDir, machine);
      entry.put("seconds", (System.nanoTime() - t0) / 1e9).put("status", outcome.status());
      if (outcome.note() != null) entry.put("note", outcome.note());
      if (outcome.report() != null) entry.set("report", outcome.report());
      failed |= outcome.status().equals("failed");
    }
    summary.put("seconds", (System.nanoTime() - suiteStart) / 1e9);
    summary.put("load_average_at_end", Machine.loadAverage());
    Path file = results.resolve(stamp + ".json");
    Files.writeString(file, summary.toPrettyString() + "\n");
    System.out.println();
    System.out.println(Table.render(summary));
    System.out.printf("%nwrote %s (sections' own files in %s/)%n", file, runDir);
    System.exit(failed ? 1 : 0);
  }

  record Outcome(String status, String note, JsonNode report) {}

  private static Outcome run(Section s, boolean quick, Path results, Path runDir, Machine machine) throws Exception {
    Path out = runDir.resolve(s.name() + ".json");
    List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx" + s.heap(), "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=" + Path.of(".djl-cache").toAbsolutePath(), "-Dai.djl.pytorch.num_interop_threads=1",
        "-cp", System.getProperty("java.class.path"), s.mainClass()));
    cmd.addAll(Sections.args(s, quick, out, machine));
    List<Path> before = listing(results);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    long limit = quick ? 20 : 90;
    if (!p.waitFor(limit, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return new Outcome("failed", "no result after " + limit + " minutes", null);
    }
    List<Path> written = moveNewFiles(results, before, runDir);
    if (p.exitValue() != 0) return new Outcome("failed", "exit code " + p.exitValue() + " (its output is above)", null);
    try {
      if (s.takesOut()) return new Outcome("ok", null, JSON.readTree(out.toFile()));
      Path source = written.stream().filter(f -> f.getFileName().toString().endsWith(".json")).findFirst()
          .orElseThrow(() -> new IOException(s.mainClass() + " wrote no results file under " + results));
      return new Outcome("ok", null, s.adapter().apply(JSON.readTree(source.toFile())).json());
    } catch (IOException | RuntimeException e) {
      return new Outcome("failed", "could not read its results: " + e, null);
    }
  }

  /** Files and directories directly under {@code dir}, with their modification times. */
  private static List<Path> listing(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> Path.of(f + "@" + f.toFile().lastModified())).toList();
    }
  }

  /** Files the benchmark wrote straight into bench/results (the older drivers do) go into this run's folder. */
  private static List<Path> moveNewFiles(Path results, List<Path> before, Path runDir) throws IOException {
    List<Path> moved = new ArrayList<>();
    for (Path now : listing(results)) {
      if (before.contains(now)) continue;
      String s = now.toString();
      Path f = Path.of(s.substring(0, s.lastIndexOf('@')));
      if (!Files.isRegularFile(f) || !f.getFileName().toString().endsWith(".json")) continue;
      Path target = runDir.resolve(f.getFileName());
      Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
      moved.add(target);
    }
    return moved;
  }

  private static String javaBinary() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }
}
