package dev.perennial.learner.generate;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Keys/values of recently finished sequences, so that a new request that starts with the same
 * tokens — an agent's next turn re-sends its whole context; the G members of a GRPO group share a
 * prompt — prefills only the tokens after the shared prefix. Bounded by a token budget, evicting
 * the least recently used entry. A causal model's keys for tokens [0, L) depend only on those
 * tokens, so any prefix of an entry is reusable.
 */
final class PrefixCache implements AutoCloseable {
  /** A cached sequence: its tokens and per-layer keys/values [1, kvHeads, tokens, D]. */
  static final class Entry {
    final int[] tokens;
    final NDArray[] keys;
    final NDArray[] values;
    long lastUse;

    Entry(int[] tokens, NDArray[] keys, NDArray[] values) {
      this.tokens = tokens;
      this.keys = keys;
      this.values = values;
    }

    void close() {
      for (NDArray a : keys) a.close();
      for (NDArray a : values) a.close();
    }
  }

  /** The entry sharing the longest usable prefix with a prompt, and that prefix's length. */
  record Match(Entry entry, int length) {}

  private final int budgetTokens;
  private final int minPrefix;
  private final List<Entry> entries = new ArrayList<>();
  private int heldTokens;
  private long clock;
  private long hits;
  private long reusedTokens;

  PrefixCache(int budgetTokens, int minPrefix) {
    this.budgetTokens = budgetTokens;
    this.minPrefix = Math.max(1, minPrefix);
  }

  boolean enabled() { return budgetTokens > 0; }

  long hits() { return hits; }

  long reusedTokens() { return reusedTokens; }

  /**
   * The longest cached prefix of {@code prompt} of at least {@code minPrefix} tokens, leaving at
   * least one prompt token to run (its logits give the first sampled token); null if none.
   */
  Match lookup(int[] prompt) {
    Entry best = null;
    int bestLength = 0;
    for (Entry e : entries) {
      int limit = Math.min(e.tokens.length, prompt.length - 1);
      int l = 0;
      while (l < limit && e.tokens[l] == prompt[l]) l++;
      if (l > bestLength) {
        best = e;
        bestLength = l;
      }
    }
    if (best == null || bestLength < minPrefix) return null;
    best.lastUse = ++clock;
    hits++;
    reusedTokens += bestLength;
    return new Match(best, bestLength);
  }

  /** Whether a sequence of this many tokens is worth keeping. */
  boolean wants(int length) { return enabled() && length >= minPrefix && length <= budgetTokens; }

  /** Keeps a sequence's keys/values (taking ownership), unless an entry already covers it. */
  void put(int[] tokens, NDArray[] keys, NDArray[] values) {
    for (Entry e : entries) {
      if (e.tokens.length >= tokens.length && java.util.Arrays.equals(e.tokens, 0, tokens.length, tokens, 0, tokens.length)) {
        e.lastUse = ++clock;
        new Entry(tokens, keys, values).close();
        return;
      }
    }
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) { // a sequence that extends an entry replaces it
      Entry e = it.next();
      if (e.tokens.length <= tokens.length && java.util.Arrays.equals(e.tokens, 0, e.tokens.length, tokens, 0, e.tokens.length)) {
        heldTokens -= e.tokens.length;
        e.close();
        it.remove();
      }
    }
    Entry entry = new Entry(tokens, keys, values);
    entry.lastUse = ++clock;
    entries.add(entry);
    heldTokens += tokens.length;
    while (heldTokens > budgetTokens && entries.size() > 1) {
      Entry oldest = entries.get(0);
      for (Entry e : entries) if (e.lastUse < oldest.lastUse) oldest = e;
      entries.remove(oldest);
      heldTokens -= oldest.tokens.length;
      oldest.close();
    }
  }

  @Override
  public void close() {
    for (Entry e : entries) e.close();
    entries.clear();
    heldTokens = 0;
  }
}
