package dev.perennial.runtime.metrics;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A policy that reports each call: the time it waited in the backend's queue and spent generating
 * (as the backend reports them in the {@link Generation}), its whole latency, and whether it
 * failed, tagged with the backend's name. Changes nothing about the call itself.
 */
public final class MeteredPolicy implements Policy {
  private final Policy inner;
  private final Timer queue;
  private final Timer generate;
  private final Timer latency;
  private final Counter ok;
  private final Counter failed;

  public MeteredPolicy(Policy inner, String backend, MeterRegistry registry) {
    this.inner = inner;
    this.queue = Timer.builder("perennial.policy.queue").description("time a request waited in the policy's queue")
        .tag("backend", backend).publishPercentileHistogram().register(registry);
    this.generate = Timer.builder("perennial.policy.generate").description("time the policy spent generating")
        .tag("backend", backend).register(registry);
    this.latency = Timer.builder("perennial.policy.latency").description("whole policy call as the agent sees it")
        .tag("backend", backend).publishPercentileHistogram().register(registry);
    this.ok = registry.counter("perennial.policy.requests", "backend", backend, "result", "ok");
    this.failed = registry.counter("perennial.policy.requests", "backend", backend, "result", "failed");
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    long start = System.nanoTime();
    return inner.generate(request).whenComplete((g, err) -> {
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (err != null || g == null) {
        failed.increment();
        return;
      }
      ok.increment();
      queue.record(Math.max(0, g.queueMillis()), TimeUnit.MILLISECONDS);
      generate.record(Math.max(0, g.generateMillis()), TimeUnit.MILLISECONDS);
    });
  }

  @Override
  public String describe() { return inner.describe(); }

  @Override
  public boolean trainable() { return inner.trainable(); }
}
