package dev.perennial.learner.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.perennial.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every episode the learner has decided on, by id, in decision order: the learner's exactly-once
 * record. An id can be decided once; deciding it again is a bug upstream (an episode trained
 * twice) and fails loudly instead of being overwritten. Immutable: {@link #with} returns a new
 * ledger (the learner's state is replaced on every committed event).
 */
public final class EpisodeLedger implements CborSerializable {
  private static final EpisodeLedger EMPTY = new EpisodeLedger(Map.of(), Map.of());

  // serialized as the "entries" list only: the maps are derived from it
  @JsonIgnore private final Map<String, LedgerEntry> byId;
  @JsonIgnore private final Map<String, Integer> counts;

  private EpisodeLedger(Map<String, LedgerEntry> byId, Map<String, Integer> counts) {
    this.byId = byId;
    this.counts = counts;
  }

  public static EpisodeLedger empty() { return EMPTY; }

  @JsonCreator
  public static EpisodeLedger of(@JsonProperty("entries") List<LedgerEntry> entries) {
    return entries == null ? EMPTY : EMPTY.with(entries);
  }

  /** This ledger plus {@code decided}; throws when one of them (or two of them) was already decided. */
  public EpisodeLedger with(Collection<LedgerEntry> decided) {
    if (decided.isEmpty()) return this;
    Map<String, LedgerEntry> next = new LinkedHashMap<>(byId);
    Map<String, Integer> nextCounts = new HashMap<>(counts);
    for (LedgerEntry e : decided) {
      LedgerEntry before = next.putIfAbsent(e.episodeId(), e);
      if (before != null) {
        throw new IllegalStateException("episode " + e.episodeId() + " was already " + describe(before) + "; now "
            + describe(e) + ": an episode is decided once");
      }
      nextCounts.merge(e.outcome() == LedgerEntry.Outcome.TRAINED ? "trained" : e.category(), 1, Integer::sum);
    }
    return new EpisodeLedger(Collections.unmodifiableMap(next), Map.copyOf(nextCounts));
  }

  public boolean contains(String episodeId) { return byId.containsKey(episodeId); }

  public Optional<LedgerEntry> get(String episodeId) { return Optional.ofNullable(byId.get(episodeId)); }

  /** Every entry, in decision order. */
  @JsonProperty("entries")
  public List<LedgerEntry> entries() { return new ArrayList<>(byId.values()); }

  public int size() { return byId.size(); }

  public long trained() { return counts.getOrDefault("trained", 0); }

  public long dropped() { return size() - trained(); }

  /** How many episodes were trained ("trained") or dropped in each reason category ("stale", "zero variance", …). */
  public Map<String, Integer> countsByReason() { return counts; }

  private static String describe(LedgerEntry e) {
    return e.outcome() == LedgerEntry.Outcome.TRAINED ? "trained at step " + e.step()
        : "dropped at step " + e.step() + " (" + e.reason() + ")";
  }
}
