package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.runtime.node.PerennialNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Akka Management on a real node: alive at once, ready only once the node says its workload runs, members listed. */
class ManagementTest {
  @TempDir Path dir;

  @Test
  void healthChecksFollowTheNodesReadiness() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var config = TestSystems.h2Cluster(dir, """
        perennial.runtime.management.enabled = on
        akka.management.http.hostname = "127.0.0.1"
        akka.management.http.port = %d
        """.formatted(port));
    try (PerennialNode node = PerennialNode.start("mgmt", config, Duration.ofSeconds(20))) {
      assertTrue(node.management().isPresent());
      assertEquals(200, get(port, "/alive").statusCode());
      var notReady = get(port, "/ready");
      assertEquals(500, notReady.statusCode(), "joined, but its workload has not started: " + notReady.body());
      assertTrue(notReady.body().contains("Not Healthy"), notReady.body());
      node.ready();
      assertEquals(200, get(port, "/ready").statusCode());
      String members = get(port, "/cluster/members").body();
      assertTrue(members.contains("\"selfNode\"") && members.contains("Up"), members);
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
