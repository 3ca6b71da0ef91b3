package dev.perennial.environments.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackSeedsTest {
  @Test
  void trainAndEvalSeedsNeverShareAStream() {
    Set<Long> streams = new HashSet<>();
    SplittableRandom pick = new SplittableRandom(1);
    for (int i = 0; i < 20_000; i++) {
      long seed = i < 10_000 ? i : pick.nextLong();
      long train = PackSeeds.streamSeed("env", new PackSpec(seed, 4, Split.TRAIN, 0, false), 0);
      long eval = PackSeeds.streamSeed("env", new PackSpec(seed, 4, Split.EVAL, 0, false), 0);
      assertNotEquals(train, eval);
      streams.add(train);
      streams.add(eval);
    }
    assertEquals(40_000, streams.size(), "no two (seed, split) pairs share a stream");
  }

  @Test
  void theStreamDependsOnEveryField() {
    PackSpec base = new PackSpec(7, 4, Split.TRAIN, 0, false);
    long s = PackSeeds.streamSeed("env", base, 0);
    assertNotEquals(s, PackSeeds.streamSeed("other", base, 0));
    assertNotEquals(s, PackSeeds.streamSeed("env", new PackSpec(7, 5, Split.TRAIN, 0, false), 0));
    assertNotEquals(s, PackSeeds.streamSeed("env", new PackSpec(7, 4, Split.TRAIN, 1, false), 0));
    assertNotEquals(s, PackSeeds.streamSeed("env", new PackSpec(7, 4, Split.TRAIN, 0, true), 0));
    assertNotEquals(s, PackSeeds.streamSeed("env", base, 1));
    assertEquals(s, PackSeeds.streamSeed("env", base, 0));
  }

  @Test
  void contentDecidesTheSplitSoNoContentServesBoth() {
    int train = 0;
    for (int i = 0; i < 1000; i++) if (PackSeeds.splitOf("pack " + i) == Split.TRAIN) train++;
    assertEquals(500, train, 60, "about half of all contents are train");
  }
}
