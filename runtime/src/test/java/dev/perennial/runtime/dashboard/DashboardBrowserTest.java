package dev.perennial.runtime.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.runtime.serve.ServeHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * End to end in a real browser: serve starts, tasks go in through the API, and headless Chromium
 * shows the agent, the hints it learned, non-empty curves and trajectories, and takes in a new
 * episode live (server-sent events) without a reload. Saves target/dashboard.png. Skipped only
 * when Debian's chromium and chromium-driver are not installed.
 */
class DashboardBrowserTest {
  /** What the test reads from the page, as one JSON object. */
  static final String PROBE = """
      const row = document.querySelector('#agents tr[data-agent="alice"]');
      const path = document.querySelector('#success-chart path.series');
      const reward = document.querySelector('#reward-chart path.series');
      return {
        agent: row ? row.querySelector('.id').textContent : null,
        hints: row ? row.querySelector('.hints').textContent : null,
        successPath: path ? path.getAttribute('d') : '',
        rewardPath: reward ? reward.getAttribute('d') : '',
        codBars: document.querySelectorAll('#cod-chart rect.bar').length,
        plans: document.querySelectorAll('#episodes .seg.plan').length,
        answers: document.querySelectorAll('#episodes .seg.answer').length,
        episodes: document.querySelectorAll('#episodes > li').length,
        summary: document.querySelector('#summary').textContent,
        status: document.querySelector('#status').textContent
      };""";

  @Test
  void theDashboardShowsTheAgentItsHintsAndLiveCurves() throws Exception {
    assumeTrue(HeadlessChromium.available(), "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    Path target = Path.of(System.getProperty("basedir", "."), "target");
    Files.createDirectories(target);
    try (ServeHarness node = ServeHarness.start(Files.createTempDirectory("serve-browser"))) {
      node.createAgent("alice", "");
      for (int x : new int[] {5, 1, 2}) {
        var r = node.post("/agents/alice/tasks", "{\"text\": \"x=" + x + "\", \"groundTruth\": " + (x + 3) + ", \"wait\": 30}");
        assertEquals(200, r.status(), r.body());
      }
      node.await("/agents/alice", a -> a.path("hints").asText().equals("k=3") && a.path("counters").path("updateEpisodes").asInt() == 3,
          Duration.ofSeconds(30));

      try (HeadlessChromium browser = new HeadlessChromium(target)) {
        browser.open(node.url("/"));
        JsonNode page = awaitPage(browser, p -> "k=3".equals(p.path("hints").asText()) && !p.path("successPath").asText().isEmpty()
            && p.path("codBars").asInt() > 0 && p.path("status").asText().equals("live"));
        assertEquals("alice", page.path("agent").asText());
        assertTrue(page.path("rewardPath").asText().startsWith("M"), page.toString());
        assertTrue(page.path("plans").asInt() > 0 && page.path("answers").asInt() > 0, "trajectories show plan and answer: " + page);

        // a new task while the page is open arrives over the event stream
        int before = page.path("episodes").asInt();
        String summaryBefore = page.path("summary").asText();
        node.post("/agents/alice/tasks", "{\"text\": \"x=7\", \"groundTruth\": 10, \"wait\": 30}");
        JsonNode live = awaitPage(browser, p -> !p.path("summary").asText().equals(summaryBefore));
        assertTrue(live.path("episodes").asInt() >= before, live.toString());
        browser.screenshot(target.resolve("dashboard.png"));
      }
    }
    assertTrue(Files.size(target.resolve("dashboard.png")) > 10_000, "a screenshot of the page");
  }

  private static JsonNode awaitPage(HeadlessChromium browser, java.util.function.Predicate<JsonNode> ok) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = browser.eval(PROBE);
      if (ok.test(last)) return last;
      Thread.sleep(200);
    }
    throw new AssertionError("the page never showed what was expected; last seen: " + last);
  }
}
