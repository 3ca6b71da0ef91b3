package dev.perennial.learner.testing;

import dev.perennial.learner.loop.EpisodeSequence;
import dev.perennial.learner.loop.PolicyTrainer;
import dev.perennial.learner.loop.TrainMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test double of the DJL trainer: "training" appends the step's episode ids to a shared log and
 * bumps a counter kept in the checkpoint file, so a test sees which checkpoint a trainer resumed
 * from. A gate can hold a training step until the test releases it (to crash the learner mid-step).
 */
public final class FakeTrainer implements PolicyTrainer {
  /** Every train call: the episode ids of its sequences. */
  public static final class Log {
    public final List<List<String>> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final List<Long> openedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    public volatile CountDownLatch gate;
    public volatile int gateAtCall = -1;
    public final CountDownLatch gateReached = new CountDownLatch(1);
  }

  private final Log log;
  private long counter;

  private FakeTrainer(Log log, long counter) {
    this.log = log;
    this.counter = counter;
  }

  public static PolicyTrainer.Factory factory(Log log) {
    return dir -> {
      long c = Long.parseLong(Files.readString(dir.resolve("model.bin")).strip());
      log.openedAt.add(c);
      return new FakeTrainer(log, c);
    };
  }

  /** Writes the initial checkpoint (counter 0). */
  public static Path initial(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("model.bin"), "0");
    return dir;
  }

  @Override
  public TrainMetrics train(List<EpisodeSequence> sequences) {
    List<String> ids = new ArrayList<>();
    sequences.forEach(s -> ids.add(s.episodeId()));
    log.steps.add(ids);
    if (log.gate != null && log.steps.size() == log.gateAtCall) {
      log.gateReached.countDown();
      try {
        log.gate.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    counter++;
    long tokens = sequences.stream().mapToLong(EpisodeSequence::length).sum();
    return new TrainMetrics(1, 0, 0.5, 1.0, 1.0, 1e-4, tokens, tokens / 2, 0.01, Double.NaN);
  }

  @Override
  public String save(Path dir, Map<String, String> metadata) throws IOException {
    byte[] content = Long.toString(counter).getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("model.bin"), content);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override public int maxSequenceTokens() { return 1000; }

  @Override public Map<String, String> describe() { return Map.of("trainer", "fake"); }

  @Override public void close() {}
}
