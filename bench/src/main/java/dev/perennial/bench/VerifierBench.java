package dev.perennial.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.environments.rows.GuruRow;
import dev.perennial.environments.rows.RowParser;
import dev.perennial.environments.rows.RowSource;
import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.math.SymjaCas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Verifier throughput per domain (rows/s on one thread, p50/p99 latency) over the example rows of
 * {@code examples/rows}, plus Symja's start-up and per-call cost. Code and CruxEval rows run
 * python through a plain subprocess stand-in (the sandbox is not wired here yet); their figures
 * are also given as a ratio to a bare {@code python3 -c pass} start measured in the same run.
 * Writes {@code bench/results/verifier-bench.json}. Run: {@code bench/run.sh VerifierBench [seconds-per-domain]}.
 */
public final class VerifierBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[][] SYMBOLIC = {
      {"\\sqrt{8}", "2\\sqrt{2}"}, {"(x-1)(x+1)", "x^2-1"}, {"\\frac{\\pi}{4}", "\\frac{1}{4}\\pi"},
      {"x^2+2x+1", "(x+1)^2"}, {"\\sin^2 x+\\cos^2 x", "1"}, {"\\sqrt{2}+\\sqrt{3}", "\\sqrt{5+2\\sqrt{6}}"}, {"\\frac{\\pi}{2}", "\\frac{\\pi}{3}"}};

  private record Case(Verifier verifier, GuruRow row) {}

  public static void main(String[] args) throws IOException {
    quietLogging();
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3.0;
    VerifierSettings settings = VerifierSettings.defaults();
    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "VerifierBench");
    out.put("when", Instant.now().toString());
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("seconds_per_domain", seconds);

    long t0 = System.nanoTime();
    SymjaCas cas = SymjaCas.shared(settings.casThreads());
    ObjectNode symja = out.putObject("symja");
    symja.put("startup_ms", (System.nanoTime() - t0) / 1e6);
    symja.put("engines", settings.casThreads());
    long first = System.nanoTime();
    cas.compare(SYMBOLIC[0][0], SYMBOLIC[0][1], Duration.ofSeconds(30));
    symja.put("first_call_ms", (System.nanoTime() - first) / 1e6);
    List<Long> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String[] p = SYMBOLIC[i % SYMBOLIC.length];
      long s = System.nanoTime();
      cas.compare(p[0], p[1], Duration.ofSeconds(30));
      calls.add(System.nanoTime() - s);
    }
    latency(symja, calls);

    PlainPython python = new PlainPython();
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      long s = System.nanoTime();
      python.run(SandboxRequest.python("pass", Duration.ofSeconds(10)));
      starts.add(System.nanoTime() - s);
    }
    ObjectNode baseline = out.putObject("python_start_baseline");
    latency(baseline, starts);
    double pythonP50 = baseline.get("p50_ms").asDouble();

    VerifierRegistry registry = VerifierRegistry.standard(python, settings);
    Map<String, List<Case>> byDomain = cases(registry, Path.of("examples/rows"));
    ObjectNode domains = out.putObject("domains");
    for (Map.Entry<String, List<Case>> e : byDomain.entrySet()) {
      ObjectNode d = domains.putObject(e.getKey());
      List<Case> cs = e.getValue();
      for (Case c : cs) c.verifier().verify(c.row().response().orElse(""), c.row().groundTruth(), c.row().extraInfo());
      List<Long> lat = new ArrayList<>();
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      long busy = 0;
      int i = 0;
      while (System.nanoTime() < deadline || lat.size() < cs.size()) {
        Case c = cs.get(i++ % cs.size());
        long s = System.nanoTime();
        c.verifier().verify(c.row().response().orElse(""), c.row().groundTruth(), c.row().extraInfo());
        long ns = System.nanoTime() - s;
        lat.add(ns);
        busy += ns;
      }
      d.put("rows", cs.size());
      d.put("calls", lat.size());
      d.put("rows_per_s", lat.size() / (busy / 1e9));
      latency(d, lat);
      if (e.getKey().startsWith("code") || e.getKey().contains("cruxeval")) d.put("p50_over_python_start", d.get("p50_ms").asDouble() / pythonP50);
    }

    Path file = Path.of("bench/results/verifier-bench.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n");
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    System.out.println("written to " + file);
    System.exit(0);
  }

  /**
   * Without a logging config logback prints everything at DEBUG, and Symja's algebra library (JAS)
   * logs every polynomial step: that would measure the console. Unless the caller chose a config,
   * use one that shows warnings only and silences JAS and Symja.
   */
  private static void quietLogging() throws IOException {
    if (System.getProperty("logback.configurationFile") != null) return;
    Path cfg = Files.createTempFile("verifier-bench-logback", ".xml");
    cfg.toFile().deleteOnExit();
    Files.writeString(cfg, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\"><target>System.err</target>"
        + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder></appender>"
        + "<logger name=\"edu.jas\" level=\"OFF\"/><logger name=\"org.matheclipse\" level=\"OFF\"/>"
        + "<logger name=\"dev.perennial\" level=\"INFO\"/><root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
    System.setProperty("logback.configurationFile", cfg.toString());
  }

  /** The example rows by reporting group: the verifier's domain, with CruxEval and CodeI/O apart. */
  private static Map<String, List<Case>> cases(VerifierRegistry registry, Path dir) throws IOException {
    RowParser parser = new RowParser(registry, RowParser.Mode.SCORING);
    Map<String, List<Case>> out = new LinkedHashMap<>();
    for (String name : new String[] {"math", "code", "science", "logic", "simulation", "tabular"}) {
      RowSource.forEach(dir.resolve(name + ".jsonl"), (n, json) -> {
        GuruRow row = parser.parse(n, json).row().orElseThrow(() -> new IllegalStateException(name + " row " + n + " is invalid"));
        Verifier v = registry.forDataSource(row.dataSource());
        String group = row.dataSource().contains("cruxeval") ? "simulation-cruxeval" : row.dataSource().contains("codeio") ? "simulation-codeio" : v.domain();
        out.computeIfAbsent(group, k -> new ArrayList<>()).add(new Case(v, row));
      });
    }
    return out;
  }

  private static void latency(ObjectNode node, List<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    node.put("n", a.length);
    node.put("p50_ms", a[(int) (0.50 * (a.length - 1))] / 1e6);
    node.put("p99_ms", a[(int) Math.ceil(0.99 * (a.length - 1))] / 1e6);
    node.put("max_ms", a[a.length - 1] / 1e6);
  }

  /**
   * Stand-in python runner for this benchmark only: a plain subprocess with a timeout, no
   * isolation. Replace with the real sandbox's {@link CodeRunner} when it lands.
   */
  private static final class PlainPython implements CodeRunner {
    /** The interpreter itself: a version-manager shim in front of it would add ~150 ms to every run. */
    private final String exe = interpreter();

    private static String interpreter() {
      try {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
        String path = new String(p.getInputStream().readAllBytes()).strip();
        return p.waitFor() == 0 && Files.isExecutable(Path.of(path)) ? path : "python3";
      } catch (IOException | InterruptedException e) {
        return "python3";
      }
    }

    @Override
    public SandboxResult run(SandboxRequest r) {
      long t0 = System.nanoTime();
      try {
        Path dir = Files.createTempDirectory("vbench");
        Path src = Files.writeString(dir.resolve("main.py"), r.source());
        Path in = Files.writeString(dir.resolve("stdin"), r.stdin());
        Process p = new ProcessBuilder(exe, "-I", "-S", src.toString()).directory(dir.toFile())
            .redirectInput(in.toFile()).redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        boolean done = p.waitFor(r.wallTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!done) p.destroyForcibly().waitFor();
        String stdout = Files.readString(dir.resolve("out"));
        String stderr = Files.readString(dir.resolve("err"));
        for (String f : new String[] {"main.py", "stdin", "out", "err"}) Files.deleteIfExists(dir.resolve(f));
        Files.deleteIfExists(dir);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!done) return new SandboxResult(SandboxResult.Status.TIMEOUT, -1, stdout, stderr, ms);
        return new SandboxResult(p.exitValue() == 0 ? SandboxResult.Status.OK : SandboxResult.Status.ERROR, p.exitValue(), stdout, stderr, ms);
      } catch (IOException e) {
        return new SandboxResult(SandboxResult.Status.SANDBOX_FAILURE, -1, "", e.toString(), 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new SandboxResult(SandboxResult.Status.KILLED, -1, "", "interrupted", 0);
      }
    }
  }
}
