package dev.perennial.agents.deploy;

import dev.perennial.agents.policy.Policy;

/**
 * Finds the policy a deployed agent's profile names. The node implements it (caching one client
 * per OpenAI endpoint and model, handing out its in-process DJL policy); agents call it whenever
 * they need a turn, so it must be cheap and thread-safe after the first call per spec.
 */
@FunctionalInterface
public interface PolicyLookup {
  /** The policy for {@code spec}; throws {@link IllegalArgumentException} (a user's mistake) when this node cannot have it. */
  Policy resolve(PolicySpec spec);

  /** Only the node's policy: any other backend is refused with a clear reason. */
  static PolicyLookup only(Policy policy) {
    return spec -> {
      if (spec.backend().equals("default")) return policy;
      throw new IllegalArgumentException("policy backend '" + spec.describe() + "' is not available on this node");
    };
  }
}
