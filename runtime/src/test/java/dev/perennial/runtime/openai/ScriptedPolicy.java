package dev.perennial.runtime.openai;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A test double: answers each call with the next scripted behaviour (the last one repeats) and records the requests. */
final class ScriptedPolicy implements Policy {
  private final List<Function<GenerationRequest, Generation>> script = new CopyOnWriteArrayList<>();
  private final List<GenerationRequest> received = new CopyOnWriteArrayList<>();

  /** Replaces the script; a behaviour may throw to fail the call. */
  @SafeVarargs
  final void script(Function<GenerationRequest, Generation>... steps) {
    received.clear();
    script.clear();
    script.addAll(List.of(steps));
  }

  List<GenerationRequest> received() { return List.copyOf(received); }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    received.add(request);
    int i = Math.min(received.size(), script.size()) - 1;
    try {
      return CompletableFuture.completedFuture(script.get(i).apply(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override public String describe() { return "scripted test policy"; }

  @Override public boolean trainable() { return true; }
}
