package dev.perennial.runtime.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.agents.policy.openai.OpenAiPolicy;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's OpenAI client against the project's OpenAI server over loopback, end to end. */
class OpenAiRoundTripTest {
  private static final String TEXT = "The answer is 42</answer>";
  private static final int[] IDS = {11, 2200, 151643, 7};
  /** Awkward floats on purpose: they must survive JSON both ways bit for bit. */
  private static final float[] LOGPROBS = {-0.1f, -1.2345678f, -3.3e-5f, -17.000002f};
  private static ServerHarness server;

  @BeforeAll
  static void start() throws Exception { server = new ServerHarness(); }

  @AfterAll
  static void stop() throws Exception { server.close(); }

  private static Generation scripted(GenerationRequest r, FinishReason finish) {
    return new Generation(TEXT, IDS, LOGPROBS, finish, List.of(new int[] {1, 2, 3}), 7, 0, 1);
  }

  private static GenerationRequest request() {
    return new GenerationRequest("r", List.of(new Segment.Injected("solve: 6*7\n"),
        new Segment.Generated("<code>print(6*7)</code>", new int[] {9, 9}), new Segment.Injected("<interpreter>42</interpreter>\n")),
        new SamplingParams(0.6, 0.95, 40, 64, List.of("</answer>", "</code>")), 99);
  }

  private static Generation call(OpenAiPolicy client) {
    return client.generate(request()).toCompletableFuture().join();
  }

  private static void assertExact(Generation g) {
    assertEquals(TEXT, g.text());
    assertArrayEquals(IDS, g.tokenIds());
    assertArrayEquals(LOGPROBS, g.logprobs(), 0f);
    assertEquals(FinishReason.STOP, g.finishReason());
    assertEquals(7, g.policyVersion());
  }

  @Test
  void completionsRoundTripTokensAndLogprobsExactly() {
    server.policy.script(r -> scripted(r, FinishReason.STOP));
    assertExact(call(server.client("vllm-extensions = on, require-logprobs = on")));
    GenerationRequest seen = server.policy.received().get(0);
    assertEquals("solve: 6*7\n<code>print(6*7)</code><interpreter>42</interpreter>\n",
        seen.context().stream().map(Segment::text).reduce("", String::concat));
    assertEquals(new SamplingParams(0.6, 0.95, 40, 64, List.of("</answer>", "</code>")), seen.params());
    assertEquals(99, seen.seed());
  }

  @Test
  void chatRoundTripsTokensAndLogprobsExactly() {
    server.policy.script(r -> scripted(r, FinishReason.STOP));
    assertExact(call(server.client("endpoint = chat, vllm-extensions = on, require-logprobs = on")));
    assertEquals("solve: 6*7\n<code>print(6*7)</code><interpreter>42</interpreter>\n",
        server.policy.received().get(0).context().stream().map(Segment::text).reduce("", String::concat));
  }

  @Test
  void streamedCompletionsAndChatRoundTripExactly() {
    server.policy.script(r -> scripted(r, FinishReason.STOP));
    assertExact(call(server.client("stream = on, vllm-extensions = on, require-logprobs = on")));
    assertExact(call(server.client("endpoint = chat, stream = on, vllm-extensions = on, require-logprobs = on")));
  }

  @Test
  void withoutExtensionsTheStopStringIsCutByTheServerAndRestoredByTheClient() {
    server.policy.script(r -> scripted(r, FinishReason.STOP));
    Generation g = call(server.client(""));
    assertEquals(TEXT, g.text());
    assertEquals(FinishReason.STOP, g.finishReason());
  }

  @Test
  void endOfSequenceAndLengthFinishReasonsRoundTrip() {
    server.policy.script(r -> scripted(r, FinishReason.EOS));
    assertEquals(FinishReason.EOS, call(server.client("vllm-extensions = on")).finishReason());
    server.policy.script(r -> scripted(r, FinishReason.LENGTH));
    assertEquals(FinishReason.LENGTH, call(server.client("endpoint = chat, stream = on, vllm-extensions = on")).finishReason());
  }

  @Test
  void busyPolicyAnswers429AndTheClientRetriesToSuccess() {
    server.policy.script(r -> { throw new PolicyException("queue full (64 waiting)", true); }, r -> scripted(r, FinishReason.STOP));
    assertExact(call(server.client("vllm-extensions = on")));
    assertEquals(2, server.policy.received().size());
  }

  @Test
  void serverErrorsExhaustRetriesWithAClearError() {
    server.policy.script(r -> { throw new IllegalStateException("weights not loaded"); });
    var e = assertThrows(ExecutionException.class, () -> server.client("").generate(request()).toCompletableFuture().get());
    PolicyException p = assertInstanceOf(PolicyException.class, e.getCause());
    assertTrue(p.getMessage().contains("HTTP 500") && p.getMessage().contains("weights not loaded")
        && p.getMessage().contains("gave up after 3 attempts"), p.getMessage());
    assertEquals(3, server.policy.received().size());
  }

  @Test
  void unknownModelIsRejectedWithoutRetryAndNamed() {
    server.policy.script(r -> scripted(r, FinishReason.STOP));
    var e = assertThrows(ExecutionException.class,
        () -> server.client("model = nope").generate(request()).toCompletableFuture().get());
    PolicyException p = assertInstanceOf(PolicyException.class, e.getCause());
    assertFalse(p.retryable());
    assertTrue(p.getMessage().startsWith("model 'nope' was rejected") && p.getMessage().contains("does not exist"), p.getMessage());
    assertEquals(0, server.policy.received().size());
    var check = assertThrows(ExecutionException.class, () -> server.client("model = nope").checkModel().toCompletableFuture().get());
    assertTrue(check.getCause().getMessage().contains("[tiny]"), check.getCause().getMessage());
  }

  @Test
  void checkModelFindsTheServedModel() {
    assertEquals(List.of("tiny"), server.client("").checkModel().toCompletableFuture().join());
  }

  @Test
  void unreachablePortGivesAClearErrorQuickly() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var settings = server.client("").describe();   // same settings, other URL below
    assertTrue(settings.contains("tiny"));
    var client = OpenAiPolicy.create(dev.perennial.agents.policy.openai.OpenAiSettings.from(
        com.typesafe.config.ConfigFactory.parseString("perennial.agents.openai { base-url = \"http://127.0.0.1:" + port
            + "/v1\", model = tiny, retry { max-attempts = 2, initial-backoff = 20ms, max-backoff = 50ms } }")
            .withFallback(com.typesafe.config.ConfigFactory.defaultReference())), k -> null);
    long start = System.nanoTime();
    var e = assertThrows(ExecutionException.class, () -> client.generate(request()).toCompletableFuture().get());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getCause().getMessage().contains("connection refused"), e.getCause().getMessage());
    assertTrue(millis < 15_000, "took " + millis + " ms");
  }
}
