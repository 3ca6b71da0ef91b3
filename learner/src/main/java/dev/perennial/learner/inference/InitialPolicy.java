package dev.perennial.learner.inference;

import dev.perennial.learner.model.ModelConfig;
import java.nio.file.Path;

/**
 * What the PolicyServer starts with: a checkpoint directory, or (when {@code checkpoint} is null)
 * fresh weights of {@code freshConfig} drawn from {@code seed} with the bundled tokenizer.
 */
public record InitialPolicy(long version, Path checkpoint, ModelConfig freshConfig, long seed) {
  public static InitialPolicy checkpoint(long version, Path dir) { return new InitialPolicy(version, dir, null, 0); }

  public static InitialPolicy fresh(ModelConfig config, long seed) { return new InitialPolicy(0, null, config, seed); }
}
