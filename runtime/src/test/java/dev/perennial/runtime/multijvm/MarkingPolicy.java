package dev.perennial.runtime.multijvm;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import java.util.concurrent.CompletionStage;

/**
 * Test scope: wraps a policy and prints {@code TURN <agentId> <millis>} for every call, so a
 * multi-JVM test sees on which node each agent is running and when it came back after a crash.
 * Request ids start with the agent id ("agent-0-1#3/s0/t1").
 */
final class MarkingPolicy implements Policy {
  private final Policy inner;

  MarkingPolicy(Policy inner) { this.inner = inner; }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    String id = request.requestId();
    int hash = id.indexOf('#');
    System.out.println("TURN " + (hash < 0 ? id : id.substring(0, hash)) + " " + System.currentTimeMillis());
    return inner.generate(request);
  }

  @Override
  public String describe() { return "marking(" + inner.describe() + ")"; }

  @Override
  public boolean trainable() { return inner.trainable(); }
}
