package dev.perennial.learner.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a mini-batch into micro-batches of at most {@code maxSequences} rows and
 * {@code maxTokens} padded tokens (rows × longest row; one longer sequence gets its own), grouping
 * similar lengths to waste little padding, and pads each to host arrays. Sums are accumulated and
 * normalised once per mini-batch, so the split changes nothing but memory and speed.
 */
final class MicroBatches {
  private MicroBatches() {}

  static List<List<TrainSequence>> split(List<TrainSequence> batch, int maxSequences, int maxTokens) {
    List<TrainSequence> sorted = new ArrayList<>(batch);
    sorted.sort(Comparator.comparingInt(TrainSequence::length).reversed());
    List<List<TrainSequence>> out = new ArrayList<>();
    List<TrainSequence> current = new ArrayList<>();
    for (TrainSequence s : sorted) {
      int longest = current.isEmpty() ? s.length() : current.get(0).length();
      if (!current.isEmpty() && (current.size() >= maxSequences || (long) (current.size() + 1) * longest > maxTokens)) {
        out.add(current);
        current = new ArrayList<>();
      }
      current.add(s);
    }
    if (!current.isEmpty()) out.add(current);
    return out;
  }

  /**
   * Host arrays for one micro-batch, right-padded to the longest row. Inputs are tokens[0..T-2]
   * and every per-token array covers predictions of tokens[1..T-1] (width T-1), so the model never
   * runs on a final token that predicts nothing.
   */
  record Padded(int rows, int width, long[] inputs, long[] targets, float[] mask, float[] behaviour, float[] advantages, float[] weights) {}
  // advantages and weights: one per row

  static Padded pad(List<TrainSequence> micro) {
    int rows = micro.size();
    int width = micro.get(0).length() - 1;
    for (TrainSequence s : micro) width = Math.max(width, s.length() - 1);
    long[] inputs = new long[rows * width];
    long[] targets = new long[rows * width];
    float[] mask = new float[rows * width];
    float[] behaviour = new float[rows * width];
    float[] advantages = new float[rows];
    float[] weights = new float[rows];
    for (int r = 0; r < rows; r++) {
      TrainSequence s = micro.get(r);
      weights[r] = s.weight();
      advantages[r] = s.advantage();
      for (int t = 0; t < s.length() - 1; t++) {
        int i = r * width + t;
        inputs[i] = s.tokens()[t];
        targets[i] = s.tokens()[t + 1];
        mask[i] = s.lossMask()[t + 1];
        behaviour[i] = s.behaviourLogProbs()[t + 1];
      }
    }
    return new Padded(rows, width, inputs, targets, mask, behaviour, advantages, weights);
  }
}
