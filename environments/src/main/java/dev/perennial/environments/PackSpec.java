package dev.perennial.environments;

/**
 * What to generate: a pack of {@code size} tasks from seed {@code seed} of a split.
 *
 * @param difficulty environment-specific knob, 0 = easiest; environments document their levels
 * @param ralph      the Ralph variant: one task repeated {@code size} times with the hidden state fixed
 */
public record PackSpec(long seed, int size, Split split, int difficulty, boolean ralph) {
  public PackSpec {
    if (size < 1) throw new IllegalArgumentException("pack size must be >= 1, got " + size);
    if (difficulty < 0) throw new IllegalArgumentException("difficulty must be >= 0, got " + difficulty);
  }

  public static PackSpec train(long seed, int size) { return new PackSpec(seed, size, Split.TRAIN, 0, false); }

  public static PackSpec eval(long seed, int size) { return new PackSpec(seed, size, Split.EVAL, 0, false); }
}
