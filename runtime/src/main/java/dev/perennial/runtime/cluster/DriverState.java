package dev.perennial.runtime.cluster;

import dev.perennial.persistence.CborSerializable;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollout driver's committed progress: how many groups it launched and finished, and which
 * group each slot is running. Immutable; the event handlers return the next state.
 */
public record DriverState(long launched, long finished, Map<Integer, Long> running) implements CborSerializable {
  public DriverState {
    running = Map.copyOf(running);
  }

  public static DriverState empty() { return new DriverState(0, 0, Map.of()); }

  /** What the driver journals. */
  public sealed interface Event extends CborSerializable {}

  /** Group {@code group} went to slot {@code slot}; persisted before any agent hears of it. */
  public record GroupLaunched(long group, int slot) implements Event {}

  /** Every agent of the group is done with its pack (completed, or abandoned by someone). */
  public record GroupFinished(long group, int slot) implements Event {}

  DriverState apply(Event e) {
    TreeMap<Integer, Long> next = new TreeMap<>(running);
    if (e instanceof GroupLaunched l) {
      next.put(l.slot(), l.group());
      return new DriverState(Math.max(launched, l.group()), finished, next);
    }
    GroupFinished f = (GroupFinished) e;
    next.remove(f.slot());
    return new DriverState(launched, finished + 1, next);
  }

  /** A slot with no group running, if any (lowest first). */
  Optional<Integer> freeSlot(int slots) {
    for (int s = 0; s < slots; s++) if (!running.containsKey(s)) return Optional.of(s);
    return Optional.empty();
  }
}
