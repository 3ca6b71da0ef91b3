package dev.perennial.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.runtime.serve.LearnerProbe;
import dev.perennial.runtime.serve.ServeHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bearer-token check: probes and the page open, everything with data behind the token. */
class ServeAuthTest {
  static ServeHarness node;

  @BeforeAll
  static void start() throws Exception {
    node = ServeHarness.start(Files.createTempDirectory("serve-auth"),
        "perennial.runtime.serve.auth { mode = on, token = \"s3cret\" }", Optional.empty(), LearnerProbe.NONE);
  }

  @AfterAll
  static void stop() { node.close(); }

  @Test
  void probesAndThePageNeedNoToken() {
    assertEquals(200, node.getAnonymous("/health").status());
    assertEquals(200, node.getAnonymous("/ready").status());
    assertEquals(200, node.getAnonymous("/").status());
    assertEquals(200, node.getAnonymous("/dashboard/static/style.css").status());
  }

  @Test
  void dataNeedsTheToken() {
    for (String path : new String[] {"/agents", "/metrics", "/learner", "/openapi.yaml", "/dashboard/snapshot"}) {
      ServeHarness.Reply r = node.getAnonymous(path);
      assertEquals(401, r.status(), path);
      assertEquals("unauthorized", r.code(), path);
      assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
    }
    ServeHarness.Reply wrong = node.send(HttpRequest.newBuilder(URI.create(node.url("/agents"))).header("Authorization", "Bearer nope").build());
    assertEquals(401, wrong.status());
    assertEquals(200, node.get("/agents").status(), "the harness sends the token");
    assertEquals(201, node.post("/agents", "{\"id\": \"zed\"}").status());
  }

  @Test
  void theEventStreamTakesTheTokenAsAQueryParameter() throws Exception {
    var ok = node.client().sendAsync(HttpRequest.newBuilder(URI.create(node.url("/dashboard/events?access_token=s3cret"))).build(),
        HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
    assertEquals(200, ok.statusCode());
    ok.body().close();
    assertEquals(401, node.getAnonymous("/dashboard/events?access_token=wrong").status());
  }
}
