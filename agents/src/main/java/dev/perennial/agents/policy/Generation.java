package dev.perennial.agents.policy;

import dev.perennial.persistence.CborSerializable;
import java.util.List;

/**
 * A policy's answer. {@code tokenIds} and {@code logprobs} are the sampled tokens and their
 * log-probabilities under the distribution actually sampled from (temperature / top-p / top-k
 * applied); {@code injectedTokenIds} holds the tokenization the policy used for each
 * {@link Segment.Injected} of the request, in order. Backends that cannot expose token ids leave
 * them empty and report {@code trainable() == false}.
 */
public record Generation(
    String text,
    int[] tokenIds,
    float[] logprobs,
    FinishReason finishReason,
    List<int[]> injectedTokenIds,
    long policyVersion,
    long queueMillis,
    long generateMillis) implements CborSerializable {
  public Generation {
    injectedTokenIds = List.copyOf(injectedTokenIds);
  }
}
