package dev.perennial.agents.policy.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiSettingsTest {
  @Test
  void referenceDefaultsLoadOnceAModelIsNamed() {
    var s = Clients.settings("http://localhost:8000/v1/", "");
    assertEquals("http://localhost:8000/v1", s.baseUrl().toString());
    assertEquals(OpenAiSettings.Endpoint.COMPLETIONS, s.endpoint());
    assertFalse(s.requireLogprobs());
    assertFalse(OpenAiPolicy.create(s, k -> null).trainable());
    assertEquals("openai:http://localhost:8000/v1 model=m (completions)", OpenAiPolicy.create(s, k -> null).describe());
  }

  @Test
  void badSettingsAreRejectedWithTheKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> Clients.settings("localhost:8000", ""));
    assertTrue(e.getMessage().startsWith("perennial.agents.openai: base-url"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Clients.settings("http://h/v1", "model = \"\""));
    assertTrue(e.getMessage().contains("model is empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Clients.settings("http://h/v1", "require-logprobs = on"));
    assertTrue(e.getMessage().contains("vllm-extensions"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Clients.settings("http://h/v1", "endpoint = responses"));
  }

  @Test
  void backoffGrowsExponentiallyWithinItsJitterAndHonoursRetryAfter() {
    var b = new Backoff(new OpenAiSettings.Retry(5, Duration.ofMillis(100), Duration.ofMillis(1000), 0.2));
    for (int i = 0; i < 50; i++) {
      long d1 = b.delay(1, Optional.empty()).toMillis();
      long d3 = b.delay(3, Optional.empty()).toMillis();
      long d9 = b.delay(9, Optional.empty()).toMillis();
      assertTrue(d1 >= 80 && d1 <= 120, "" + d1);
      assertTrue(d3 >= 320 && d3 <= 480, "" + d3);
      assertTrue(d9 >= 800 && d9 <= 1200, "" + d9);
      assertTrue(b.delay(1, Optional.of(Duration.ofMillis(700))).toMillis() >= 700);
      assertTrue(b.delay(1, Optional.of(Duration.ofSeconds(60))).toMillis() <= 1200);
    }
  }

  @Test
  void sseDecoderFollowsTheEventStreamRules() {
    var d = new SseDecoder();
    assertEquals(null, d.line(": comment"));
    assertEquals(null, d.line("event: message"));
    assertEquals(null, d.line("data: {\"a\":"));
    assertEquals(null, d.line("data:1}"));
    assertEquals("{\"a\":\n1}", d.line(""));
    assertEquals(null, d.line(""));
    d.line("data: [DONE]");
    assertEquals("[DONE]", d.flush());
  }
}
