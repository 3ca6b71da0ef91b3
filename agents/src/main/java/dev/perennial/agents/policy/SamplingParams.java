package dev.perennial.agents.policy;

import dev.perennial.persistence.CborSerializable;
import java.util.List;

/**
 * How to sample. {@code topK} ≤ 0 and {@code topP} ≥ 1 disable those filters; temperature 0 is
 * greedy. Generation stops after any of {@code stop} (the stop string is included in the output).
 */
public record SamplingParams(double temperature, double topP, int topK, int maxTokens, List<String> stop)
    implements CborSerializable {
  public SamplingParams {
    stop = List.copyOf(stop);
    if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1");
    if (temperature < 0) throw new IllegalArgumentException("temperature must be >= 0");
  }

  public SamplingParams withMaxTokens(int n) { return new SamplingParams(temperature, topP, topK, n, stop); }
}
