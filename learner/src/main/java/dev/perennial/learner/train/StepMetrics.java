package dev.perennial.learner.train;

/**
 * What one optimizer step did. {@code loss} is the aggregated loss (Σ micro-batch sums / normaliser);
 * {@code gradNorm} the global L2 norm before clipping; {@code clipFraction} NaN unless the loss
 * implements {@link ClipCounting}; {@code skipped} is true when the gradient was not finite and the
 * update was dropped (gradients cleared, optimizer state untouched).
 */
public record StepMetrics(
    long step,
    double loss,
    double gradNorm,
    double learningRate,
    int sequences,
    long tokens,
    long trainedTokens,
    int microBatches,
    double seconds,
    double clipFraction,
    boolean skipped) {
  public double tokensPerSecond() { return seconds > 0 ? tokens / seconds : 0; }
}
