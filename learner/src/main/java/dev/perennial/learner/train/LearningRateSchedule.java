package dev.perennial.learner.train;

/**
 * Linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then constant, or cosine decay
 * to {@code peak · minRatio} at {@code totalSteps}. Steps count from 1 (the first update).
 */
public record LearningRateSchedule(double peak, int warmupSteps, Kind kind, int totalSteps, double minRatio) {
  public enum Kind { CONSTANT, COSINE }

  public LearningRateSchedule {
    if (!(peak > 0)) throw new IllegalArgumentException("learning rate must be > 0");
    if (warmupSteps < 0) throw new IllegalArgumentException("warm-up steps must be >= 0");
    if (kind == Kind.COSINE && totalSteps <= warmupSteps)
      throw new IllegalArgumentException("cosine schedule needs total-steps > warmup-steps");
  }

  public double at(long step) {
    if (step <= warmupSteps) return peak * step / Math.max(1, warmupSteps);
    if (kind == Kind.CONSTANT) return peak;
    double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    double min = peak * minRatio;
    return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
