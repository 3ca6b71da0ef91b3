package dev.perennial.learner.loop;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the learner may resume the episode stream without losing an episode. Offsets are opaque
 * strings (they may be sequence numbers or time-based UUIDs) and exclusive: resuming from offset
 * o yields the elements after o. So for every element that arrived but is not yet decided (held in
 * a group, or in a step being trained), the cursor remembers the offset of the element before it;
 * the low-water mark is that offset for the earliest undecided element, or the last offset seen
 * when everything is decided. Resuming there re-reads every undecided episode; decided ones are
 * skipped by id.
 */
public final class StreamCursor {
  /** The stored offset meaning "from the first element" (the persistence module's OffsetCodec writes the same). */
  public static final String BEGINNING = "none";

  private final TreeMap<Long, String> undecidedPrevious = new TreeMap<>();
  private final Map<String, Long> arrivalOf = new HashMap<>();
  private String last;
  private long arrivals;

  /** @param start the offset the stream was started from */
  public StreamCursor(String start) { this.last = start; }

  /** An element arrived that still needs a decision. */
  public void arrived(String episodeId, String offset) {
    if (!arrivalOf.containsKey(episodeId)) {
      long n = arrivals++;
      arrivalOf.put(episodeId, n);
      undecidedPrevious.put(n, last);
    }
    last = offset;
  }

  /** An element arrived that needs no decision (already decided, or a duplicate of one held). */
  public void passed(String offset) { last = offset; }

  /** The episode was trained or dropped. */
  public void decided(String episodeId) {
    Long n = arrivalOf.remove(episodeId);
    if (n != null) undecidedPrevious.remove(n);
  }

  public String lowWater() { return undecidedPrevious.isEmpty() ? last : undecidedPrevious.firstEntry().getValue(); }

  public String last() { return last; }

  public int undecided() { return arrivalOf.size(); }
}
