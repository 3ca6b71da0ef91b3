package dev.perennial.agents.policy;

import dev.perennial.persistence.CborSerializable;
import java.util.List;

/**
 * Continue {@code context} (injected and generated segments, in order) under {@code params}.
 * {@code seed} makes sampling deterministic for policies that support it.
 */
public record GenerationRequest(String requestId, List<Segment> context, SamplingParams params, long seed)
    implements CborSerializable {
  public GenerationRequest {
    context = List.copyOf(context);
  }
}
