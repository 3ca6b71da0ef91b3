package dev.perennial.bench.inference;

import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.bench.suite.Options;
import dev.perennial.bench.suite.SectionReport;
import dev.perennial.bench.suite.Spread;
import dev.perennial.bench.suite.Timed;
import dev.perennial.learner.generate.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Cost of drawing one token with the decoder's {@link Sampler}, in CPU time of the sampling thread
 * (ns per token), for this project's vocabulary (442) and a large one (151,646), with and without
 * nucleus and top-k filtering; also the heap it allocates per token. Used to quote the sampler's
 * before/after (run it on both builds); the suite does not run it.
 * Run: {@code bench/run.sh inference.SamplerBench [--tokens 20000] [--rounds 7] [--out F]}.
 */
public final class SamplerBench {
  private SamplerBench() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args, "tokens", "tokens per round for vocab 442; fewer for larger vocabularies (20000)",
        "rounds", "measured rounds (7)", "out", "results file");
    int rounds = o.integer("rounds", 7);
    SectionReport report = new SectionReport("sampler", "Sampler.sample cost per token (thread CPU time)");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int vocab : new int[] {442, 151_646}) {
      int tokens = Math.max(200, (int) (o.integer("tokens", 20000) * 442L / vocab));
      float[] logits = new float[vocab * 8];
      Random random = new Random(vocab);
      for (int i = 0; i < logits.length; i++) logits[i] = (float) (random.nextGaussian() * 3);
      for (SamplingParams p : List.of(new SamplingParams(1.0, 1.0, 0, 16, List.of()), new SamplingParams(0.8, 0.9, 0, 16, List.of()),
          new SamplingParams(1.0, 1.0, 50, 16, List.of()))) {
        SplittableRandom rng = new SplittableRandom(1);
        List<Double> ns = new ArrayList<>();
        double bytes = 0;
        for (int round = -2; round < rounds; round++) {
          long alloc0 = threads.getCurrentThreadAllocatedBytes();
          Timed t = Timed.onThisThread(() -> {
            for (int i = 0; i < tokens; i++) Sampler.sample(logits, (i % 8) * vocab, vocab, p, rng);
            return CompletableFuture.completedFuture(null);
          }).per(tokens);
          if (round >= 0) {
            ns.add(1e9 / t.cpuRate());
            bytes = (threads.getCurrentThreadAllocatedBytes() - alloc0) / (double) tokens;
          }
        }
        String what = "vocab " + vocab + ", T=" + p.temperature() + ", top-p " + p.topP() + ", top-k " + p.topK();
        Spread s = Spread.of(ns);
        System.out.printf("%-44s %10.0f ns/token (%s)   %10.0f bytes allocated/token%n", what, s.median(), s.describe(0), bytes);
        report.details().set("ns_per_token " + what, s.toJson());
        report.details().put("bytes_per_token " + what, bytes);
      }
    }
    report.write(o.out("sampler"));
    System.exit(0);
  }
}
