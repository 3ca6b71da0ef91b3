package dev.perennial.learner.testing;

import akka.NotUsed;
import akka.stream.javadsl.Source;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.loop.EpisodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory stand-in for the journal's tagged episode stream: append-only, offsets "seq:N"
 * (N = 1-based position), exclusive like the real one, and live (polls for appended episodes).
 * Counts how often each position was delivered, so a test can see what a restart re-read.
 */
public final class ListSource implements EpisodeSource {
  private final List<EpisodeRecord> journal = new CopyOnWriteArrayList<>();
  private final List<AtomicInteger> deliveries = new CopyOnWriteArrayList<>();

  public void append(List<EpisodeRecord> episodes) {
    for (EpisodeRecord e : episodes) {
      journal.add(e);
      deliveries.add(new AtomicInteger());
    }
  }

  public int size() { return journal.size(); }

  public List<EpisodeRecord> journal() { return new ArrayList<>(journal); }

  /** How many times the element at {@code index} (0-based) was delivered. */
  public int deliveries(int index) { return deliveries.get(index).get(); }

  @Override
  public Source<Fed, NotUsed> from(String offset) {
    int start = offset == null || offset.equals("none") ? 0 : Integer.parseInt(offset.substring("seq:".length()));
    AtomicInteger next = new AtomicInteger(start);
    return Source.tick(Duration.ZERO, Duration.ofMillis(10), "tick").mapMaterializedValue(c -> NotUsed.getInstance())
        .mapConcat(t -> {
          List<Fed> out = new ArrayList<>();
          while (next.get() < journal.size()) {
            int i = next.getAndIncrement();
            deliveries.get(i).incrementAndGet();
            out.add(new Fed(journal.get(i), "seq:" + (i + 1)));
          }
          return out;
        });
  }
}
