package dev.perennial.runtime.multijvm;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Test scope: wraps a policy and prints {@code TURN <agentId> <millis>} for every call (optionally
 * after a delay), so a multi-JVM test sees on which node each agent is running and when it came
 * back after a crash.
 * Request ids start with the agent id ("agent-0-1#3/s0/t1").
 */
final class MarkingPolicy implements Policy {
  private final Policy inner;
  private final Duration delay;

  MarkingPolicy(Policy inner) { this(inner, Duration.ZERO); }

  /** Each call waits {@code delay} first (off the caller's thread): paces a fast real policy so a test can act between steps. */
  MarkingPolicy(Policy inner, Duration delay) {
    this.inner = inner;
    this.delay = delay;
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    String id = request.requestId();
    int hash = id.indexOf('#');
    System.out.println("TURN " + (hash < 0 ? id : id.substring(0, hash)) + " " + System.currentTimeMillis());
    if (delay.isZero()) return inner.generate(request);
    return CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(x -> inner.generate(request));
  }

  @Override
  public String describe() { return "marking(" + inner.describe() + ")"; }

  @Override
  public boolean trainable() { return inner.trainable(); }
}
