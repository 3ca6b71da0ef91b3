package dev.perennial.learner.inference;

import java.util.ArrayDeque;

/** Sliding-window averages for the server's stats: tokens/s, batch size per step, queue time per request. */
final class StatsWindow {
  private record Sample(long nanos, double value) {}

  private final long windowNanos;
  private final ArrayDeque<Sample> tokens = new ArrayDeque<>();
  private final ArrayDeque<Sample> batchSizes = new ArrayDeque<>();
  private final ArrayDeque<Sample> queueMillis = new ArrayDeque<>();

  StatsWindow(java.time.Duration window) { this.windowNanos = window.toNanos(); }

  void step(long now, int batchSize, int newTokens) {
    batchSizes.add(new Sample(now, batchSize));
    tokens.add(new Sample(now, newTokens));
  }

  void admitted(long now, double waitedMillis) { queueMillis.add(new Sample(now, waitedMillis)); }

  double tokensPerSecond(long now) {
    trim(tokens, now);
    if (tokens.isEmpty()) return 0;
    double sum = tokens.stream().mapToDouble(Sample::value).sum();
    double span = Math.max(1e-3, (now - tokens.peekFirst().nanos()) / 1e9);
    return sum / span;
  }

  double meanBatchSize(long now) { return mean(batchSizes, now); }

  double meanQueueMillis(long now) { return mean(queueMillis, now); }

  private double mean(ArrayDeque<Sample> samples, long now) {
    trim(samples, now);
    return samples.stream().mapToDouble(Sample::value).average().orElse(0);
  }

  private void trim(ArrayDeque<Sample> samples, long now) {
    while (!samples.isEmpty() && now - samples.peekFirst().nanos() > windowNanos) samples.pollFirst();
  }
}
