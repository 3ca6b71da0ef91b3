package dev.perennial.learner.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.testing.TinyModels;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchDecoderTest {
  static NDManager base;
  static PolicyTokenizer tokenizer;
  static CausalLm model;
  static final SamplingParams SAMPLED = new SamplingParams(0.9, 0.95, 50, 12, List.of());
  static final DecoderSettings SETTINGS = new DecoderSettings(128, 256, Set.of(0));

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
    tokenizer = PolicyTokenizer.bundled();
    model = CausalLm.create(TinyModels.config(tokenizer.size()), base, 5);
  }

  @AfterAll
  static void stop() {
    model.close();
    tokenizer.close();
    base.close();
  }

  static DecodeRequest request(String tag, String prompt, SamplingParams p, long seed) {
    return new DecodeRequest(tag, tokenizer.encode(prompt), p, seed);
  }

  static List<Completion> run(List<DecodeRequest> requests) {
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, SETTINGS, 1)) {
      return d.runToCompletion(requests);
    }
  }

  @Test
  void returnedLogProbsEqualAFreshForwardPassUnderTheSameSamplingTransform() {
    SamplingParams[] params = {SAMPLED, new SamplingParams(1.0, 1.0, 0, 12, List.of()),
        new SamplingParams(0.5, 0.8, 0, 12, List.of()), new SamplingParams(1.3, 1.0, 7, 12, List.of())};
    List<DecodeRequest> requests = new ArrayList<>();
    for (int i = 0; i < params.length; i++) requests.add(request("r" + i, "<task>add " + i + "</task>".repeat(i + 1), params[i], 40 + i));
    List<Completion> out = run(requests);
    int vocab = tokenizer.size();
    for (int i = 0; i < out.size(); i++) {
      DecodeRequest r = requests.get(i);
      Completion c = out.get(i);
      int[] all = concat(r.prompt(), c.tokens());
      try (NDManager m = base.newSubManager(); NoGrad g = NoGrad.enter()) {
        NDArray logits = model.causalLogits(m.create(Arrays.stream(all).asLongStream().toArray(), new Shape(1, all.length)), false);
        float[] flat = logits.toFloatArray();
        for (int t = 0; t < c.tokens().length; t++) {
          int position = r.prompt().length - 1 + t;
          double expected = Sampler.logProb(flat, position * vocab, vocab, r.params(), c.tokens()[t]);
          assertEquals(expected, c.logprobs()[t], 1e-4, "request " + i + " token " + t);
          assertTrue(c.logprobs()[t] <= 0);
        }
      }
    }
  }

  @Test
  void sameSeedGivesTheSameTokensAndAnotherSeedDifferent() {
    Completion a = run(List.of(request("a", "hello", SAMPLED, 7))).get(0);
    Completion b = run(List.of(request("b", "hello", SAMPLED, 7))).get(0);
    Completion c = run(List.of(request("c", "hello", SAMPLED, 8))).get(0);
    assertArrayEquals(a.tokens(), b.tokens());
    assertArrayEquals(a.logprobs(), b.logprobs());
    assertFalse(Arrays.equals(a.tokens(), c.tokens()));
  }

  @Test
  void batchedResultsEqualUnbatchedResultsForTheSameSeeds() {
    List<DecodeRequest> requests = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      SamplingParams p = new SamplingParams(0.7 + 0.1 * i, i % 2 == 0 ? 1.0 : 0.9, i % 3 == 0 ? 0 : 20, 5 + 3 * i, List.of());
      requests.add(request("q" + i, "x".repeat(1 + 5 * i) + "→", p, 100 + i));
    }
    List<Completion> alone = new ArrayList<>();
    for (DecodeRequest r : requests) alone.add(run(List.of(r)).get(0));
    // staggered joins: three at once, more while they run, so rows are reused and the cache relaid out
    List<Completion> together = new ArrayList<>();
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, SETTINGS, 1)) {
      together.addAll(d.admit(requests.subList(0, 3)));
      for (int s = 0; s < 4; s++) together.addAll(d.step());
      together.addAll(d.admit(requests.subList(3, 5)));
      together.addAll(d.step());
      d.compactIfSparse();
      together.addAll(d.admit(requests.subList(5, 7)));
      while (d.active() > 0) together.addAll(d.step());
    }
    assertEquals(requests.size(), together.size());
    for (int i = 0; i < requests.size(); i++) {
      String tag = (String) requests.get(i).tag();
      Completion batched = together.stream().filter(c -> c.tag().equals(tag)).findFirst().orElseThrow();
      assertArrayEquals(alone.get(i).tokens(), batched.tokens(), tag);
      for (int t = 0; t < batched.logprobs().length; t++) assertEquals(alone.get(i).logprobs()[t], batched.logprobs()[t], 1e-4);
      assertEquals(alone.get(i).reason(), batched.reason());
    }
  }

  @Test
  void stopsAtAStopStringAtEosAndAtTheTokenLimit() {
    SamplingParams greedy = new SamplingParams(0, 1, 0, 10, List.of());
    Completion free = run(List.of(request("g", "abc", greedy, 1))).get(0);
    assertEquals(FinishReason.LENGTH, free.reason());
    assertEquals(10, free.tokens().length);

    String stop = tokenizer.decode(Arrays.copyOfRange(free.tokens(), 2, 4));
    Completion stopped = run(List.of(request("s", "abc", new SamplingParams(0, 1, 0, 10, List.of(stop)), 1))).get(0);
    assertEquals(FinishReason.STOP, stopped.reason());
    assertTrue(stopped.text().contains(stop));
    assertTrue(stopped.tokens().length <= 4);

    int eosToken = free.tokens()[3];
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, new DecoderSettings(128, 256, Set.of(eosToken)), 1)) {
      Completion eos = d.runToCompletion(List.of(request("e", "abc", greedy, 1))).get(0);
      assertEquals(FinishReason.EOS, eos.reason());
      assertEquals(eosToken, eos.tokens()[eos.tokens().length - 1]);
    }
  }

  @Test
  void stopsAtTheContextLimitAndRejectsPromptsThatDoNotFit() {
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, new DecoderSettings(20, 256, Set.of()), 1)) {
      Completion c = d.runToCompletion(List.of(request("c", "y".repeat(15), new SamplingParams(1, 1, 0, 50, List.of()), 1))).get(0);
      assertEquals(FinishReason.LENGTH, c.reason());
      assertEquals(20, 15 + c.tokens().length);
      assertNotNull(d.validate(request("long", "y".repeat(20), SAMPLED, 1)));
      assertNotNull(d.validate(new DecodeRequest("bad", new int[] {99999}, SAMPLED, 1)));
      assertNotNull(d.validate(new DecodeRequest("empty", new int[0], SAMPLED, 1)));
    }
  }

  @Test
  void aPromptThatExtendsAFinishedSequenceReusesItsKeysAndGeneratesTheSame() {
    DecodeRequest first = request("t1", "<task>sum 3 4</task>", SAMPLED, 3);
    List<Completion> cached = new ArrayList<>();
    try (BatchDecoder d = new BatchDecoder(model, tokenizer, new DecoderSettings(128, 256, Set.of(0), 4096, 8), 1)) {
      Completion turn1 = d.runToCompletion(List.of(first)).get(0);
      int[] next = concat(concat(first.prompt(), turn1.tokens()), tokenizer.encode("<interpreter>7</interpreter>"));
      DecodeRequest second = new DecodeRequest("t2", next, SAMPLED, 4);
      DecodeRequest again = new DecodeRequest("t3", first.prompt(), SAMPLED, 5);
      cached.addAll(d.runToCompletion(List.of(second)));
      cached.addAll(d.runToCompletion(List.of(again)));
      assertEquals(2, d.prefixHits());
      assertEquals(first.prompt().length + turn1.tokens().length - 1 + first.prompt().length - 1, d.prefixTokensReused());
      List<Completion> fresh = run(List.of(second, again));
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(fresh.get(i).tokens(), cached.get(i).tokens());
        for (int t = 0; t < fresh.get(i).logprobs().length; t++) assertEquals(fresh.get(i).logprobs()[t], cached.get(i).logprobs()[t], 1e-4);
      }
    }
  }

  static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
