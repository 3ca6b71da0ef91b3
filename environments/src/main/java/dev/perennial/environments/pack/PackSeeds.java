package dev.perennial.environments.pack;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Seeds and the train/eval partition of generated packs. The generator's random stream is derived
 * from (environment, split, seed, size, difficulty, ralph, attempt) so that train and eval seeds
 * never share a stream ({@link #streamSeed}). Disjointness is also guaranteed on content, which a seed mapping alone cannot
 * give when the space of packs is small: every candidate pack is fingerprinted (SHA-256 of its
 * rule and tasks) and belongs to the split given by one bit of the fingerprint; a candidate of the
 * other split is discarded and drawn again (two tries on average). The same pack content can
 * therefore never be produced for both splits, whatever the seeds.
 */
public final class PackSeeds {
  private static final int MAX_ATTEMPTS = 256;

  private PackSeeds() {}

  /** The random stream of one generation attempt. */
  public static SplittableRandom rng(String environment, PackSpec spec, int attempt) {
    return new SplittableRandom(streamSeed(environment, spec, attempt));
  }

  /**
   * The stream's seed: the split sits in the lowest bit of {@code seed << 1 | split}, XORed with a
   * hash of the other fields and put through a bijective mixer, so for the same environment, size,
   * difficulty and attempt a train seed and an eval seed can never give the same stream (seeds s
   * and s + 2^63 of one split do share one).
   */
  static long streamSeed(String environment, PackSpec spec, int attempt) {
    long fields = mix(0x9E3779B97F4A7C15L ^ environment.hashCode());
    fields = mix(fields ^ spec.size());
    fields = mix(fields ^ ((long) spec.difficulty() << 1 | (spec.ralph() ? 1 : 0)));
    fields = mix(fields ^ attempt);
    return mix(fields ^ (spec.seed() << 1 | spec.split().ordinal()));
  }

  /** The split a pack's content belongs to. */
  public static Split splitOf(String fingerprint) {
    return (digest(fingerprint)[0] & 1) == 0 ? Split.TRAIN : Split.EVAL;
  }

  /** Draws candidates until one belongs to {@code spec.split()}. */
  public static <T> T generate(String environment, PackSpec spec, Function<SplittableRandom, T> draw, Function<T, String> fingerprint) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      T candidate = draw.apply(rng(environment, spec, attempt));
      if (splitOf(fingerprint.apply(candidate)) == spec.split()) return candidate;
    }
    throw new IllegalStateException(environment + ": no " + spec.split() + " pack in " + MAX_ATTEMPTS
        + " draws for " + spec + " (the pack space is too small to split)");
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
