package dev.perennial.runtime.eval;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps the evaluated policy so that sampling depends on the run's seed and on where a request
 * sits (environment, pack, sample, episode, turn) but not on the run's id: agents' request ids
 * start with the run's agent prefix ({@code eval-<id>-}), which is removed before the seed is
 * derived. Two runs with the same seed and settings therefore sample the same tokens (given a
 * policy that honours seeds, as the DJL server and {@code serve-policy} do), and a resumed run
 * re-asks an interrupted turn with the seed it had. Counts the calls it passes on.
 */
public final class StableSeedPolicy implements Policy {
  private final Policy inner;
  private final String agentPrefix;
  private final long seed;
  private final AtomicLong calls = new AtomicLong();

  public StableSeedPolicy(Policy inner, String agentPrefix, long seed) {
    this.inner = inner;
    this.agentPrefix = agentPrefix;
    this.seed = seed;
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest r) {
    calls.incrementAndGet();
    return inner.generate(new GenerationRequest(r.requestId(), r.context(), r.params(), seedOf(r.requestId())));
  }

  long seedOf(String requestId) {
    String key = requestId.startsWith(agentPrefix) ? requestId.substring(agentPrefix.length()) : requestId;
    long h = 0xcbf29ce484222325L ^ (seed * 0x9E3779B97F4A7C15L);
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Generations requested through this wrapper so far. */
  public long calls() { return calls.get(); }

  @Override
  public String describe() { return inner.describe(); }

  @Override
  public boolean trainable() { return inner.trainable(); }
}
