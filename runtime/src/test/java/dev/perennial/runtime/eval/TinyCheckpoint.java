package dev.perennial.runtime.eval;

import ai.djl.ndarray.NDManager;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real checkpoint directory of a tiny, randomly initialised model (the bundled character
 * tokenizer, one layer, ~40k parameters): what the harness tests evaluate. Its answers are noise;
 * the tests assert what the harness does with them, not accuracy.
 */
public final class TinyCheckpoint {
  private TinyCheckpoint() {}

  public static Path write(Path dir, long seed) throws Exception {
    PolicyTokenizer tokenizer = PolicyTokenizer.bundled();
    ModelConfig config = new ModelConfig("qwen2", tokenizer.size(), 32, 64, 1, 2, 1, 16, 10000.0, 1e-6, 1024, true, true,
        List.of(tokenizer.eosId()));
    try (NDManager manager = NDManager.newBaseManager(); CausalLm model = CausalLm.create(config, manager, seed)) {
      Checkpoints.save(model, tokenizer, dir, Map.of());
    }
    return dir;
  }
}
