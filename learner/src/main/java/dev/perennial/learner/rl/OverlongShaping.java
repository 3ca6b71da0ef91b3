package dev.perennial.learner.rl;

/**
 * DAPO's soft overlong punishment (RL-SPEC §5): no penalty up to L − L_c tokens, a linear ramp to
 * −1 over the last L_c tokens, −1 beyond L. Shapes length without the cliff of a hard cut.
 */
public record OverlongShaping(int maxLength, int buffer) {
  public OverlongShaping {
    if (maxLength < 1) throw new IllegalArgumentException("overlong max-length must be >= 1, got " + maxLength);
    if (buffer < 1 || buffer > maxLength) {
      throw new IllegalArgumentException("overlong buffer must be in [1, max-length=" + maxLength + "], got " + buffer);
    }
  }

  public double penalty(int length) {
    int free = maxLength - buffer;
    if (length <= free) return 0;
    if (length <= maxLength) return (double) (free - length) / buffer;
    return -1;
  }
}
