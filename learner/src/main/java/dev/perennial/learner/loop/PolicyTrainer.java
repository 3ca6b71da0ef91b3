package dev.perennial.learner.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The learner's view of the model being trained: one step of PPO epochs × mini-batches over a
 * step's sequences, and saving the weights. The DJL implementation is {@code DjlPolicyTrainer}.
 * Blocking and single-threaded (DJL's gradient mode is per thread): the {@link TrainingWorker}
 * calls it from its own dedicated thread only.
 */
public interface PolicyTrainer extends AutoCloseable {
  TrainMetrics train(List<EpisodeSequence> sequences);

  /** Writes the weights (and whatever resuming needs, e.g. optimizer state) into {@code dir}; returns the weights' SHA-256. */
  String save(Path dir, Map<String, String> metadata) throws IOException;

  /** The longest sequence the model takes (its context). */
  int maxSequenceTokens();

  /** Settings worth recording in a checkpoint's manifest. */
  Map<String, String> describe();

  @Override void close();

  /** Opens a trainer on a checkpoint directory. */
  @FunctionalInterface
  interface Factory {
    PolicyTrainer open(Path checkpoint) throws IOException;
  }
}
