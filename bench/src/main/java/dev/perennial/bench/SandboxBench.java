package dev.perennial.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.perennial.environments.sandbox.CancelSignal;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import dev.perennial.environments.sandbox.SandboxSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Cost of a sandboxed {@code print(1)}: bare {@code python3 -c 'print(1)'} (no sandbox), cold (a
 * fresh sandboxed process per call) and warm (one stateful interpreter per caller), measured side
 * by side in interleaved rounds so that machine noise hits all three alike. Reports p50/p90/p99
 * latency and calls per second on one thread and on {@code threads} threads, and the sandbox's
 * overhead as a difference and a ratio against bare python. Writes bench/results/SandboxBench-*.json.
 *
 * <p>Usage: {@code bench/run.sh SandboxBench [rounds] [coldPerRound] [warmPerRound] [threads]}
 * (defaults 10, 30, 300, number of cores).
 */
public final class SandboxBench {
  private static final String CODE = "print(1)";

  public static void main(String[] args) throws Exception {
    int rounds = arg(args, 0, 10);
    int coldPerRound = arg(args, 1, 30);
    int warmPerRound = arg(args, 2, 300);
    int threads = arg(args, 3, Runtime.getRuntime().availableProcessors());

    SandboxSettings settings = SandboxSettings.with("max-concurrent = " + threads);
    try (PythonSandbox sandbox = PythonSandbox.create(settings)) {
      if (sandbox.isolation().isEmpty()) throw new IllegalStateException("no sandbox: " + sandbox.unavailableReason().orElse(""));
      String python = pythonExecutable(sandbox);
      SandboxRequest request = new SandboxRequest("python", CODE, "", Duration.ofSeconds(30), 512L << 20, 4096);

      // warm-up: JIT, page cache, the interpreter of the warm mode
      for (int i = 0; i < 10; i++) {
        bare(python);
        check(sandbox.run(request));
        check(sandbox.runStateful("warm-0", request, new CancelSignal()));
      }

      List<Long> bare = new ArrayList<>();
      List<Long> cold = new ArrayList<>();
      List<Long> warm = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < coldPerRound; i++) bare.add(time(() -> bare(python)));
        for (int i = 0; i < coldPerRound; i++) cold.add(time(() -> check(sandbox.run(request))));
        for (int i = 0; i < warmPerRound; i++) warm.add(time(() -> check(sandbox.runStateful("warm-0", request, new CancelSignal()))));
      }
      sandbox.endSession("warm-0");

      Map<String, Object> parallel = new LinkedHashMap<>();
      parallel.put("threads", threads);
      parallel.put("bare_calls_per_s", parallel(threads, rounds * coldPerRound, k -> bare(python)));
      parallel.put("cold_calls_per_s", parallel(threads, rounds * coldPerRound, k -> check(sandbox.run(request))));
      parallel.put("warm_calls_per_s", parallel(threads, rounds * warmPerRound,
          k -> check(sandbox.runStateful("warm-" + k, request, new CancelSignal()))));
      for (int k = 0; k < threads; k++) sandbox.endSession("warm-" + k);

      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "SandboxBench");
      report.put("when", LocalDateTime.now().toString());
      report.put("code", CODE);
      report.put("isolation", sandbox.isolation().orElseThrow());
      report.put("python", python);
      report.put("cores", Runtime.getRuntime().availableProcessors());
      report.put("kernel", System.getProperty("os.version"));
      report.put("rounds", rounds);
      Map<String, Object> seq = new LinkedHashMap<>();
      seq.put("bare_python_c", stats(bare));
      seq.put("sandbox_cold", stats(cold));
      seq.put("sandbox_warm", stats(warm));
      report.put("one_thread", seq);
      report.put("parallel", parallel);
      double bareP50 = percentile(bare, 50);
      double coldP50 = percentile(cold, 50);
      double warmP50 = percentile(warm, 50);
      report.put("cold_overhead_p50_ms", round(coldP50 - bareP50));
      report.put("cold_over_bare_p50_ratio", round(coldP50 / bareP50));
      report.put("warm_over_bare_p50_ratio", round(warmP50 / bareP50));
      report.put("warm_p50_goal_ms", 10);
      report.put("warm_p50_meets_goal", warmP50 < 10);
      report.put("permits", sandbox.permits().stats());

      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Path out = Path.of("bench", "results",
          "SandboxBench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
      Files.createDirectories(out.getParent());
      json.writeValue(out.toFile(), report);
      System.out.println(json.writeValueAsString(report));
      System.out.println("written to " + out);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private interface KeyedCall {
    void run(int key) throws Exception;
  }

  private static long time(Call c) throws Exception {
    long t = System.nanoTime();
    c.run();
    return System.nanoTime() - t;
  }

  /** Calls per second with {@code threads} callers sharing {@code total} calls; caller k uses key k. */
  private static double parallel(int threads, int total, KeyedCall call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      int each = Math.max(1, total / threads);
      long t = System.nanoTime();
      List<Future<?>> fs = new ArrayList<>();
      for (int k = 0; k < threads; k++) {
        int key = k;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) call.run(key);
          return null;
        }));
      }
      for (Future<?> f : fs) f.get();
      return round(each * threads / ((System.nanoTime() - t) / 1e9));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void bare(String python) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(python, "-c", CODE).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0 || !out.equals("1\n")) throw new IllegalStateException("bare python printed " + out);
  }

  private static void check(SandboxResult r) {
    if (!r.ok() || !r.stdout().equals("1\n")) throw new IllegalStateException("sandbox run failed: " + r);
  }

  /** The interpreter the sandbox runs, so that bare and sandboxed calls start the same binary. */
  private static String pythonExecutable(PythonSandbox sandbox) {
    SandboxResult r = sandbox.run(sandbox.request("import sys; print(sys.executable)"));
    return r.ok() ? r.stdout().strip() : "python3";
  }

  private static Map<String, Object> stats(List<Long> nanos) {
    long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double mean = Arrays.stream(a).average().orElse(0) / 1e6;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", a.length);
    m.put("p50_ms", round(percentile(nanos, 50)));
    m.put("p90_ms", round(percentile(nanos, 90)));
    m.put("p99_ms", round(percentile(nanos, 99)));
    m.put("mean_ms", round(mean));
    m.put("min_ms", round(a[0] / 1e6));
    m.put("max_ms", round(a[a.length - 1] / 1e6));
    m.put("calls_per_s", round(1000 / mean));
    return m;
  }

  private static double percentile(List<Long> nanos, int p) {
    long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int i = (int) Math.ceil(p / 100.0 * a.length) - 1;
    return a[Math.max(0, Math.min(a.length - 1, i))] / 1e6;
  }

  private static double round(double v) { return Math.round(v * 1000) / 1000.0; }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }
}
