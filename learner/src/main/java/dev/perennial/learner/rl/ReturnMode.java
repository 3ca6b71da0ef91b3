package dev.perennial.learner.rl;

/**
 * How a CoD episode's reward-to-go list RTG = [x_0, x_1, …] becomes one return G (RL-SPEC §1).
 * Picked by name: {@code mean} (default), {@code discounted} (Σ γ^k x_k), {@code sliding-window-mean}
 * (mean of the first w entries, fewer when the list is shorter).
 */
public sealed interface ReturnMode {
  double of(double[] rewardsToGo);

  /** The config name of this mode. */
  String name();

  record Mean() implements ReturnMode {
    @Override public double of(double[] rtg) {
      requireNonEmpty(rtg);
      double s = 0;
      for (double x : rtg) s += x;
      return s / rtg.length;
    }

    @Override public String name() { return "mean"; }
  }

  record Discounted(double gamma) implements ReturnMode {
    public Discounted {
      if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("discount gamma must be in [0, 1], got " + gamma);
    }

    @Override public double of(double[] rtg) {
      requireNonEmpty(rtg);
      double s = 0;
      double w = 1;
      for (double x : rtg) {
        s += w * x;
        w *= gamma;
      }
      return s;
    }

    @Override public String name() { return "discounted"; }
  }

  record SlidingWindowMean(int window) implements ReturnMode {
    public SlidingWindowMean {
      if (window < 1) throw new IllegalArgumentException("sliding window must be >= 1, got " + window);
    }

    @Override public double of(double[] rtg) {
      requireNonEmpty(rtg);
      int n = Math.min(window, rtg.length);
      double s = 0;
      for (int k = 0; k < n; k++) s += rtg[k];
      return s / n;
    }

    @Override public String name() { return "sliding-window-mean"; }
  }

  /** The mode called {@code name}; {@code gamma} and {@code window} are used only by the modes that need them. */
  static ReturnMode named(String name, double gamma, int window) {
    return switch (name) {
      case "mean" -> new Mean();
      case "discounted" -> new Discounted(gamma);
      case "sliding-window-mean" -> new SlidingWindowMean(window);
      default -> throw new IllegalArgumentException(
          "unknown CoD return mode '" + name + "' (expected mean, discounted or sliding-window-mean)");
    };
  }

  private static void requireNonEmpty(double[] rtg) {
    if (rtg.length == 0) throw new IllegalArgumentException("reward-to-go list is empty");
  }
}
