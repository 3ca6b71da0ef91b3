package dev.perennial.learner.rl;

/**
 * The per-token policy loss ℓ(A, log π_θ, log π_old) of RL-SPEC §3, in plain doubles: the
 * reference the DJL losses are tested against. log π_old is the behaviour log-prob recorded when
 * the token was sampled. Picked by name from {@code perennial.learner.rl.policy-loss}:
 * {@code ppo-clip} (default), {@code rec-one-sided}, {@code sft}.
 */
public sealed interface PolicyObjective {
  double tokenLoss(double advantage, double logProb, double oldLogProb);

  String name();

  /**
   * PPO-clip with asymmetric clipping ("clip-higher", DAPO) and dual clip: ℓ = max(−Aρ, −A·clip(ρ,
   * 1−ε_low, 1+ε_high)); for A &lt; 0 also ℓ = min(ℓ, −A·c), which bounds the loss of a token whose
   * ratio exploded. {@code dualClip} ≤ 0 turns the dual clip off; otherwise it must exceed 1.
   */
  record PpoClip(double clipLow, double clipHigh, double dualClip) implements PolicyObjective {
    public static final PpoClip DEFAULT = new PpoClip(0.2, 0.28, 3.0);

    public PpoClip {
      if (!(clipLow >= 0 && clipLow < 1)) throw new IllegalArgumentException("clip-low must be in [0, 1), got " + clipLow);
      if (!(clipHigh >= 0)) throw new IllegalArgumentException("clip-high must be >= 0, got " + clipHigh);
      if (dualClip > 0 && dualClip <= 1) throw new IllegalArgumentException("dual-clip must be > 1 (or <= 0 = off), got " + dualClip);
    }

    /** The loss at ratio ρ = π_θ/π_old. */
    public double loss(double advantage, double ratio) {
      double clipped = Math.min(Math.max(ratio, 1 - clipLow), 1 + clipHigh);
      double l = Math.max(-advantage * ratio, -advantage * clipped);
      if (advantage < 0 && dualClip > 0) l = Math.min(l, -advantage * dualClip);
      return l;
    }

    @Override public double tokenLoss(double advantage, double logProb, double oldLogProb) {
      return loss(advantage, Math.exp(logProb - oldLogProb));
    }

    @Override public String name() { return "ppo-clip"; }
  }

  /**
   * REC one-sided without importance weight (the CoD reference): a token counts iff (A ≥ 0 and
   * ρ ≤ 1+ε) or (A ≤ 0 and ρ ≥ 1−ε); ℓ = −A·log π_θ on counted tokens. The ratio only gates, it
   * never scales the gradient.
   */
  record RecOneSided(double epsilon) implements PolicyObjective {
    public static final RecOneSided DEFAULT = new RecOneSided(0.2);

    public RecOneSided {
      if (!(epsilon >= 0 && epsilon < 1)) throw new IllegalArgumentException("rec epsilon must be in [0, 1), got " + epsilon);
    }

    public boolean keeps(double advantage, double ratio) {
      return (advantage >= 0 && ratio <= 1 + epsilon) || (advantage <= 0 && ratio >= 1 - epsilon);
    }

    @Override public double tokenLoss(double advantage, double logProb, double oldLogProb) {
      return keeps(advantage, Math.exp(logProb - oldLogProb)) ? -advantage * logProb : 0;
    }

    @Override public String name() { return "rec-one-sided"; }
  }

  /** Supervised fine-tuning: masked negative log-likelihood; advantages and behaviour log-probs are ignored. */
  record Sft() implements PolicyObjective {
    @Override public double tokenLoss(double advantage, double logProb, double oldLogProb) { return -logProb; }

    @Override public String name() { return "sft"; }
  }

  /** The objective called {@code name} with the given parameters (used only by the objective that needs them). */
  static PolicyObjective named(String name, PpoClip ppo, RecOneSided rec) {
    return switch (name) {
      case "ppo-clip" -> ppo;
      case "rec-one-sided" -> rec;
      case "sft" -> new Sft();
      default -> throw new IllegalArgumentException(
          "unknown policy loss '" + name + "' (expected ppo-clip, rec-one-sided or sft)");
    };
  }
}
