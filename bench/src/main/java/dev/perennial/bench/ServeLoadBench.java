package dev.perennial.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on {@code perennial serve} from a second process over loopback: starts
 * {@link ScriptedServeNode} in a child JVM, creates {@code --agents} agents, then keeps
 * {@code --concurrency} synchronous task submissions in flight (each a verified task: solve with a
 * tool call, score, update episode) until {@code --seconds} pass or {@code --max-tasks} are sent.
 * Then it checks every accepted task by id (none may be lost) and reports tasks/s sustained,
 * latency percentiles, 429s and 5xx. Bounded in time and count; results to bench/results/.
 *
 * <p>{@code bench/run.sh ServeLoadBench [--seconds 30] [--max-tasks 20000] [--concurrency 32] [--agents 8]}
 */
public final class ServeLoadBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    int seconds = Integer.parseInt(opt.getOrDefault("seconds", "30"));
    int maxTasks = Integer.parseInt(opt.getOrDefault("max-tasks", "20000"));
    int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "32"));
    int agents = Integer.parseInt(opt.getOrDefault("agents", "8"));

    Path dir = Files.createTempDirectory("serve-load");
    Path portFile = dir.resolve("port");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the node logs warnings only: a debug-level JDBC log would be the bottleneck measured
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, "<configuration><appender name=\"E\" class=\"ch.qos.logback.core.ConsoleAppender\"><encoder>"
        + "<pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>"
        + "<root level=\"WARN\"><appender-ref ref=\"E\"/></root></configuration>");
    Process node = new ProcessBuilder(java, "-Xmx1g", "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        ScriptedServeNode.class.getName(), dir.toString(), portFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("node.log").toFile()).start();
    try {
      int port = awaitPort(portFile, node);
      String base = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      for (int a = 0; a < agents; a++) {
        int status = post(http, base + "/agents", "{\"id\": \"load" + a + "\", \"tools\": [\"echo\"]}").statusCode();
        if (status != 201) throw new IllegalStateException("could not create agent load" + a + ": " + status);
      }
      warmUp(http, base, agents);
      Result r = drive(http, base, Duration.ofSeconds(seconds), maxTasks, concurrency, agents);
      Verification v = verify(http, base, r.accepted);
      report(r, v, seconds, maxTasks, concurrency, agents);
    } finally {
      node.destroy();
      node.waitFor();
      try (var files = Files.walk(dir)) { // the journal of a run is large and of no further use
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** What the drive saw. */
  record Result(long sent, long answered200, long accepted202, long refused429, long server5xx, long other, long transportErrors,
      List<Long> latenciesMicros, double wallSeconds, List<String[]> accepted) {}

  /** Every accepted task looked up again by id after the drive. */
  record Verification(long checked, long settled, long lost, long unsettled) {}

  static Result drive(HttpClient http, String base, Duration duration, int maxTasks, int concurrency, int agents) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong ok = new AtomicLong(), accepted = new AtomicLong(), busy = new AtomicLong(), errors = new AtomicLong(),
        other = new AtomicLong(), transport = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String[]> ids = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    CountDownLatch done = new CountDownLatch(concurrency);
    for (int w = 0; w < concurrency; w++) {
      Thread worker = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            int n = next.getAndIncrement();
            if (n >= maxTasks) break;
            String agent = "load" + (n % agents);
            String id = "t" + n;
            int x = n % 50;
            String body = "{\"id\": \"" + id + "\", \"text\": \"x=" + x + "\", \"groundTruth\": " + (x + 3) + ", \"wait\": 30}";
            long t0 = System.nanoTime();
            try {
              HttpResponse<String> resp = post(http, base + "/agents/" + agent + "/tasks", body);
              latencies.add((System.nanoTime() - t0) / 1000);
              int s = resp.statusCode();
              if (s == 200) ok.incrementAndGet();
              else if (s == 202) accepted.incrementAndGet();
              else if (s == 429) busy.incrementAndGet();
              else if (s >= 500) errors.incrementAndGet();
              else other.incrementAndGet();
              if (s == 200 || s == 202) ids.add(new String[] {agent, id});
            } catch (Exception e) {
              transport.incrementAndGet();
            }
          }
        } finally {
          done.countDown();
        }
      }, "load-" + w);
      worker.setDaemon(true);
      worker.start();
    }
    done.await();
    double wall = (System.nanoTime() - start) / 1e9;
    List<Long> lat = new ArrayList<>(latencies);
    Collections.sort(lat);
    return new Result(Math.min(next.get(), maxTasks), ok.get(), accepted.get(), busy.get(), errors.get(), other.get(), transport.get(),
        lat, wall, new ArrayList<>(ids));
  }

  /** Looks every accepted task up by id (in parallel) until it is settled; a 404, failure or expiry counts as lost. */
  static Verification verify(HttpClient http, String base, List<String[]> accepted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    AtomicLong settled = new AtomicLong(), lost = new AtomicLong(), unsettled = new AtomicLong();
    ConcurrentLinkedQueue<String[]> todo = new ConcurrentLinkedQueue<>(accepted);
    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      Thread t = new Thread(() -> {
        for (String[] task; (task = todo.poll()) != null; ) {
          String outcome = check(http, base, task, deadline);
          (outcome.equals("settled") ? settled : outcome.equals("lost") ? lost : unsettled).incrementAndGet();
        }
      }, "verify-" + w);
      t.start();
      workers.add(t);
    }
    for (Thread t : workers) t.join();
    return new Verification(accepted.size(), settled.get(), lost.get(), unsettled.get());
  }

  private static String check(HttpClient http, String base, String[] task, long deadline) {
    try {
      while (true) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/agents/" + task[0] + "/tasks/" + task[1]))
            .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 404) return "lost";
        String status = r.statusCode() == 200 ? JSON.readTree(r.body()).path("status").asText() : "";
        if (List.of("answered", "updating", "done").contains(status)) return "settled";
        if (status.equals("failed") || status.equals("expired")) return "lost";
        if (System.nanoTime() > deadline) return "unsettled";
        Thread.sleep(50);
      }
    } catch (Exception e) {
      return "unsettled";
    }
  }

  static void warmUp(HttpClient http, String base, int agents) throws Exception {
    for (int i = 0; i < agents * 2; i++) {
      post(http, base + "/agents/load" + (i % agents) + "/tasks", "{\"text\": \"x=1\", \"groundTruth\": 4, \"wait\": 30}");
    }
  }

  static void report(Result r, Verification v, int seconds, int maxTasks, int concurrency, int agents) throws Exception {
    ObjectNode out = JSON.createObjectNode();
    out.put("bench", "ServeLoadBench");
    out.put("at", Instant.now().toString());
    out.put("seconds", seconds).put("maxTasks", maxTasks).put("concurrency", concurrency).put("agents", agents);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("sent", r.sent()).put("answered200", r.answered200()).put("accepted202", r.accepted202())
        .put("refused429", r.refused429()).put("server5xx", r.server5xx()).put("other4xx", r.other())
        .put("transportErrors", r.transportErrors());
    out.put("wallSeconds", r.wallSeconds());
    out.put("answeredPerSecond", r.answered200() / r.wallSeconds());
    out.put("p50Millis", pct(r.latenciesMicros(), 0.50)).put("p95Millis", pct(r.latenciesMicros(), 0.95))
        .put("p99Millis", pct(r.latenciesMicros(), 0.99)).put("maxMillis", pct(r.latenciesMicros(), 1.0));
    out.put("verifiedAccepted", v.checked()).put("verifiedSettled", v.settled()).put("lost", v.lost()).put("unsettled", v.unsettled());
    String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
    System.out.println(json);
    Path results = Path.of("bench", "results");
    Files.createDirectories(results);
    Files.writeString(results.resolve("serve-load-" + System.currentTimeMillis() + ".json"), json);
  }

  private static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) return 0;
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1000.0;
  }

  private static HttpResponse<String> post(HttpClient http, String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int awaitPort(Path file, Process node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) return Integer.parseInt(Files.readString(file).strip());
      if (!node.isAlive()) throw new IllegalStateException("the node died at start-up; see " + file.resolveSibling("node.log"));
      Thread.sleep(100);
    }
    throw new IllegalStateException("the node did not start within 120 s");
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> m = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      m.put(args[i].substring(2), args[i + 1]);
    }
    return m;
  }
}
