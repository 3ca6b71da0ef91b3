package dev.perennial.learner.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.DispatcherSelector;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.generate.BatchDecoder;
import dev.perennial.learner.generate.Completion;
import dev.perennial.learner.generate.DecodeRequest;
import dev.perennial.learner.generate.DecoderSettings;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.testing.TinyModels;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyServerTest {
  static ActorTestKit kit;
  static NDManager base;
  static PolicyTokenizer tokenizer;
  static ModelConfig config;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create();
    base = NDManager.newBaseManager();
    tokenizer = PolicyTokenizer.bundled();
    config = TinyModels.config(tokenizer.size());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    tokenizer.close();
    base.close();
  }

  static PolicyServerSettings settings(int maxBatch, int maxQueue) {
    return new PolicyServerSettings("cpu", maxBatch, maxQueue, 0, 4096, 16L << 20, 8, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  static ActorRef<PolicyServer.Command> spawn(PolicyServerSettings s, InitialPolicy initial) {
    return kit.spawn(PolicyServer.create(s, initial), DispatcherSelector.fromConfig(PolicyServerSettings.DISPATCHER));
  }

  static GenerationRequest request(int i, int maxTokens) {
    List<Segment> context = new ArrayList<>();
    context.add(new Segment.Injected("<task>" + "abcdefgh".substring(0, 1 + i % 8) + "</task>\n"));
    if (i % 3 == 0) context.add(new Segment.Generated("<plan>", tokenizer.encode("<plan>")));
    context.add(new Segment.Injected("<hint " + i + ">"));
    SamplingParams p = new SamplingParams(0.6 + 0.05 * (i % 5), i % 2 == 0 ? 1.0 : 0.9, i % 4 == 0 ? 0 : 30, maxTokens, List.of("</code>"));
    return new GenerationRequest("req-" + i, context, p, 1000 + i);
  }

  /** What the same weights give for a request decoded alone. */
  static Completion alone(CausalLm model, GenerationRequest r) {
    List<Integer> ids = new ArrayList<>();
    for (Segment s : r.context()) {
      int[] part = s instanceof Segment.Generated g ? g.tokenIds() : tokenizer.encode(s.text());
      for (int t : part) ids.add(t);
    }
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, new DecoderSettings(config.maxPositionEmbeddings(), 4096, Set.of(0)), 0)) {
      return d.runToCompletion(List.of(new DecodeRequest("x", ids.stream().mapToInt(Integer::intValue).toArray(), r.params(), r.seed()))).get(0);
    }
  }

  @Test
  void continuousBatchingAnswersEveryRequestWithItsOwnTokens() throws Exception {
    ActorRef<PolicyServer.Command> server = spawn(settings(4, 100), InitialPolicy.fresh(config, 31));
    DjlPolicy policy = new DjlPolicy(server, kit.system().scheduler(), Duration.ofSeconds(60));
    List<GenerationRequest> requests = new ArrayList<>();
    List<CompletableFuture<Generation>> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      requests.add(request(i, 6 + 4 * (i % 5)));
      answers.add(policy.generate(requests.get(i)).toCompletableFuture());
    }
    try (CausalLm same = CausalLm.create(config, base, 31)) {
      for (int i = 0; i < requests.size(); i++) {
        Generation g = answers.get(i).get(60, TimeUnit.SECONDS);
        Completion expected = alone(same, requests.get(i));
        assertArrayEquals(expected.tokens(), g.tokenIds(), "request " + i);
        for (int t = 0; t < g.logprobs().length; t++) assertEquals(expected.logprobs()[t], g.logprobs()[t], 1e-4);
        assertEquals(expected.reason(), g.finishReason());
        assertEquals(tokenizer.decode(g.tokenIds()), g.text());
        List<Segment> injected = requests.get(i).context().stream().filter(s -> s instanceof Segment.Injected).toList();
        assertEquals(injected.size(), g.injectedTokenIds().size());
        for (int k = 0; k < injected.size(); k++) assertArrayEquals(tokenizer.encode(injected.get(k).text()), g.injectedTokenIds().get(k));
        assertEquals(0, g.policyVersion());
      }
    }
    TestProbe<ServerStats> probe = kit.createTestProbe();
    server.tell(new PolicyServer.GetStats(probe.getRef()));
    ServerStats stats = probe.receiveMessage();
    assertEquals(12, stats.completed());
    assertEquals(0, stats.active());
    assertTrue(stats.meanBatchSize() > 1.5, "sequences per decode step: " + stats.meanBatchSize());
    assertTrue(stats.tokensPerSecond() > 0);
    kit.stop(server);
  }

  @Test
  void swapsWeightsBetweenStepsOnlyWhenTheDigestMatches(@TempDir Path dir) throws Exception {
    Path v1 = dir.resolve("v1"), v2 = dir.resolve("v2");
    String sha1, sha2;
    try (CausalLm a = CausalLm.create(config, base, 1); CausalLm b = CausalLm.create(config, base, 2)) {
      sha1 = Checkpoints.save(a, tokenizer, v1, java.util.Map.of());
      sha2 = Checkpoints.save(b, tokenizer, v2, java.util.Map.of());
    }
    ActorRef<PolicyServer.Command> server = spawn(settings(8, 100), InitialPolicy.checkpoint(1, v1));
    DjlPolicy policy = new DjlPolicy(server, kit.system().scheduler(), Duration.ofSeconds(60));
    TestProbe<PolicyServer.LoadReply> loads = kit.createTestProbe();

    server.tell(new PolicyServer.LoadPolicy(2, v2.toString(), "00" + sha2.substring(2), loads.getRef()));
    PolicyServer.LoadFailed wrongDigest = loads.expectMessageClass(PolicyServer.LoadFailed.class);
    assertTrue(wrongDigest.reason().contains("SHA-256"), wrongDigest.reason());

    GenerationRequest longRunning = new GenerationRequest("long", List.of(new Segment.Injected("x")),
        new SamplingParams(1.0, 1.0, 0, 80, List.of()), 5);
    CompletableFuture<Generation> spanning = policy.generate(longRunning).toCompletableFuture();
    server.tell(new PolicyServer.LoadPolicy(2, v2.toString(), sha2, loads.getRef()));
    assertEquals(new PolicyServer.PolicyLoaded(2, sha2), loads.receiveMessage());

    GenerationRequest after = request(3, 10);
    Generation g = policy.generate(after).toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(2, g.policyVersion());
    try (CausalLm b = Checkpoints.load(v2, base)) {
      assertArrayEquals(alone(b, after).tokens(), g.tokenIds());
    }
    Generation s = spanning.get(60, TimeUnit.SECONDS);
    assertEquals(1, s.policyVersion(), "stamped with the version that sampled its first token");
    assertEquals(s.finishReason() == FinishReason.EOS ? s.tokenIds().length : 80, s.tokenIds().length);

    server.tell(new PolicyServer.LoadPolicy(1, v1.toString(), sha1, loads.getRef()));
    assertTrue(loads.expectMessageClass(PolicyServer.LoadFailed.class).reason().contains("not newer"));
    kit.stop(server);
  }

  @Test
  void aFullQueueRejectsAtOnceWithARetryableError() {
    ActorRef<PolicyServer.Command> server = spawn(settings(1, 2), InitialPolicy.fresh(config, 3));
    TestProbe<PolicyServer.GenerateReply> replies = kit.createTestProbe();
    for (int i = 0; i < 8; i++) server.tell(new PolicyServer.Generate(request(i, 40), replies.getRef()));
    int rejected = 0, generated = 0;
    for (int i = 0; i < 8; i++) {
      PolicyServer.GenerateReply r = replies.receiveMessage(Duration.ofSeconds(60));
      if (r instanceof PolicyServer.Rejected rej) {
        rejected++;
        assertTrue(rej.retryable());
        assertTrue(rej.reason().contains("queue is full"), rej.reason());
      } else {
        generated++;
      }
    }
    assertTrue(rejected >= 1 && generated >= 1, "rejected " + rejected + ", generated " + generated);
    kit.stop(server);
  }

  @Test
  void aRequestThatCannotRunFailsWithANonRetryablePolicyException() {
    ActorRef<PolicyServer.Command> server = spawn(settings(4, 10), InitialPolicy.fresh(config, 3));
    DjlPolicy policy = new DjlPolicy(server, kit.system().scheduler(), Duration.ofSeconds(60));
    GenerationRequest tooLong = new GenerationRequest("long", List.of(new Segment.Injected("y".repeat(500))),
        new SamplingParams(1, 1, 0, 5, List.of()), 1);
    GenerationRequest badIds = new GenerationRequest("bad", List.of(new Segment.Generated("?", new int[] {5, 100000})),
        new SamplingParams(1, 1, 0, 5, List.of()), 1);
    for (GenerationRequest r : List.of(tooLong, badIds)) {
      CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
          () -> policy.generate(r).toCompletableFuture().join());
      PolicyException p = assertInstanceOf(PolicyException.class, e.getCause());
      assertFalse(p.retryable());
      assertTrue(p.getMessage().contains(r.requestId()), p.getMessage());
    }
    assertEquals(FinishReason.STOP, FinishReason.valueOf("STOP"));
    kit.stop(server);
  }
}
