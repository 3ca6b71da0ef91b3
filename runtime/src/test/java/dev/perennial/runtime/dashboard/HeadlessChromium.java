package dev.perennial.runtime.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Debian's headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API (no Selenium):
 * one chromedriver process on a free port, one browser session with a fresh profile directory.
 * Test scope; {@link #available()} says whether the packages are installed.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process driver;
  private final Path profile;
  private final String base;
  private final String session;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static boolean available() { return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER); }

  HeadlessChromium(Path logDir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    profile = Files.createTempDirectory("chromium-profile");
    driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
        .redirectErrorStream(true).redirectOutput(logDir.resolve("chromedriver.log").toFile()).start();
    base = "http://127.0.0.1:" + port;
    awaitReady();
    ObjectNode caps = JSON.createObjectNode();
    ObjectNode always = caps.putObject("capabilities").putObject("alwaysMatch");
    always.put("browserName", "chrome");
    ObjectNode options = always.putObject("goog:chromeOptions");
    options.put("binary", CHROMIUM.toString());
    var args = options.putArray("args");
    for (String a : List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1400,2000", "--user-data-dir=" + profile)) {
      args.add(a);
    }
    session = call("POST", "/session", caps).path("value").path("sessionId").asText();
    if (session.isEmpty()) throw new IllegalStateException("chromedriver gave no session");
  }

  void open(String url) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("url", url);
    call("POST", "/session/" + session + "/url", body);
  }

  /** Runs {@code script} (a function body) in the page; returns its value. */
  JsonNode eval(String script) throws Exception {
    ObjectNode body = JSON.createObjectNode().put("script", script);
    body.putArray("args");
    return call("POST", "/session/" + session + "/execute/sync", body).path("value");
  }

  void screenshot(Path to) throws Exception {
    String png = call("GET", "/session/" + session + "/screenshot", null).path("value").asText();
    Files.createDirectories(to.getParent());
    Files.write(to, Base64.getDecoder().decode(png));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (call("GET", "/status", null).path("value").path("ready").asBoolean()) return;
      } catch (IOException notYet) {
        // chromedriver is still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("chromedriver did not start");
  }

  private JsonNode call(String method, String path, JsonNode body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(r.body());
    if (r.statusCode() != 200) throw new IllegalStateException("webdriver " + method + " " + path + ": " + r.statusCode() + " " + r.body());
    return json;
  }

  @Override
  public void close() throws Exception {
    try {
      if (session != null) call("DELETE", "/session/" + session, null);
    } finally {
      driver.destroy();
      if (!driver.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) driver.destroyForcibly();
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
