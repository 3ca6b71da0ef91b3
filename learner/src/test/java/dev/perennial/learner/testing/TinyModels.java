package dev.perennial.learner.testing;

import dev.perennial.learner.model.ModelConfig;
import java.util.List;

/** Model shapes small enough for unit tests; both GQA (4 query heads on 2 kv heads) and q/k/v biases. */
public final class TinyModels {
  private TinyModels() {}

  public static ModelConfig config(int vocab) {
    return new ModelConfig("qwen2", vocab, 32, 64, 2, 4, 2, 8, 10000.0, 1e-6, 128, true, true, List.of(0));
  }

  public static ModelConfig untied(int vocab) {
    return new ModelConfig("llama", vocab, 32, 48, 2, 4, 1, 8, 500.0, 1e-5, 128, false, false, List.of(0));
  }
}
