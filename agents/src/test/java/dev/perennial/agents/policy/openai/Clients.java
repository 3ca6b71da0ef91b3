package dev.perennial.agents.policy.openai;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import java.util.List;
import java.util.Map;

/** Settings and requests for client tests: fast retries, loopback URLs. */
final class Clients {
  private Clients() {}

  static OpenAiSettings settings(String baseUrl, String overrides) {
    return OpenAiSettings.from(ConfigFactory.parseString(
        "perennial.agents.openai { base-url = \"" + baseUrl + "\", model = \"m\", "
            + "retry { max-attempts = 3, initial-backoff = 20ms, max-backoff = 100ms }\n" + overrides + " }")
        .withFallback(ConfigFactory.defaultReference()));
  }

  static OpenAiPolicy policy(String baseUrl, String overrides) {
    return OpenAiPolicy.create(settings(baseUrl, overrides), Map.of("OPENAI_API_KEY", "sk-test")::get);
  }

  static GenerationRequest request(String... stop) {
    return new GenerationRequest("r1",
        List.of(new Segment.Injected("Q: 6*7?\n"), new Segment.Generated("<code>", new int[] {5, 6}), new Segment.Injected("out: 42\n")),
        new SamplingParams(0.7, 0.9, 20, 16, List.of(stop)), 1234);
  }
}
