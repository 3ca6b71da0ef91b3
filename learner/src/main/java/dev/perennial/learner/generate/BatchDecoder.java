package dev.perennial.learner.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.KvCache;
import dev.perennial.learner.model.Masks;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Continuous-batching decoder: sequences join ({@link #admit}) and leave between decode steps,
 * each in its own row of one {@link KvCache}. A step feeds every row its last sampled token and
 * samples the next with that sequence's own RNG, so a sequence's tokens depend only on its prompt,
 * parameters and seed — not on what else is in the batch. Not thread-safe: one thread drives it
 * (the PolicyServer's inference thread, or a test). Gradient recording is off inside every call.
 */
public final class BatchDecoder implements AutoCloseable {
  private final CausalLm model;
  private final PolicyTokenizer tokenizer;
  private final DecoderSettings settings;
  private final NDManager manager;
  private final KvCache cache;
  private final List<SequenceState> rows = new ArrayList<>();
  private final PrefixCache prefixes;
  private long version;
  private int sparseCalls;
  private static final int SPARSE_STEPS = 64;

  public BatchDecoder(CausalLm model, PolicyTokenizer tokenizer, DecoderSettings settings, long version) {
    if (settings.maxContext() > model.config().maxPositionEmbeddings())
      throw new IllegalArgumentException("max context " + settings.maxContext() + " exceeds the model's "
          + model.config().maxPositionEmbeddings() + " positions");
    this.model = model;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.version = version;
    this.manager = model.manager().newSubManager();
    this.cache = new KvCache(manager, model.config(), 0, 64);
    this.prefixes = new PrefixCache(settings.prefixCacheTokens(), settings.prefixMinTokens());
  }

  /** Prompts that reused a cached prefix, and how many prompt tokens that saved. */
  public long prefixHits() { return prefixes.hits(); }

  public long prefixTokensReused() { return prefixes.reusedTokens(); }

  /** Sequences currently decoding. */
  public int active() { return cache.liveRows(); }

  /** The weight version stamped on tokens sampled from now on (after a weight swap). */
  public void setVersion(long version) { this.version = version; }

  /** Checks a request before admission; null if it can run, else why not. */
  public String validate(DecodeRequest r) {
    if (r.prompt().length == 0) return "the context is empty";
    if (r.prompt().length >= settings.maxContext())
      return "the context has " + r.prompt().length + " tokens; the policy's limit is " + settings.maxContext()
          + " including the answer";
    int vocab = model.config().vocabSize();
    for (int t : r.prompt()) if (t < 0 || t >= vocab) return "token id " + t + " is outside the vocabulary (0.." + (vocab - 1) + ")";
    return null;
  }

  /**
   * Prefills the prompts (grouped so that each forward pass stays within the prefill token
   * budget), samples each sequence's first token and gives it a cache row. Returns the sequences
   * that already finished on that first token.
   */
  public List<Completion> admit(List<DecodeRequest> requests) {
    for (DecodeRequest r : requests) {
      String problem = validate(r);
      if (problem != null) throw new IllegalArgumentException(problem);
    }
    List<Completion> done = new ArrayList<>();
    List<DecodeRequest> sorted = new ArrayList<>();
    for (DecodeRequest r : requests) {
      PrefixCache.Match match = prefixes.enabled() ? prefixes.lookup(r.prompt()) : null;
      if (match != null) prefillAfterPrefix(r, match, done);
      else sorted.add(r);
    }
    sorted.sort((a, b) -> Integer.compare(a.prompt().length, b.prompt().length));
    int from = 0;
    while (from < sorted.size()) {
      int to = from + 1;
      while (to < sorted.size() && (to - from + 1) * sorted.get(to).prompt().length <= settings.prefillTokenBudget()) to++;
      prefill(sorted.subList(from, to), done);
      from = to;
    }
    return done;
  }

  private void prefill(List<DecodeRequest> group, List<Completion> done) {
    int n = group.size();
    int width = group.get(n - 1).prompt().length;
    int[] lengths = new int[n];
    long[] padded = new long[n * width];
    for (int i = 0; i < n; i++) {
      int[] p = group.get(i).prompt();
      lengths[i] = p.length;
      for (int j = 0; j < p.length; j++) padded[i * width + width - p.length + j] = p[j];
    }
    int vocab = model.config().vocabSize();
    try (NoGrad g = NoGrad.enter(); NDManager step = manager.newSubManager();
         KvCache fresh = KvCache.forPrefill(step, model.config(), n, width)) {
      NDArray tokens = step.create(padded, new Shape(n, width));
      NDArray hidden = model.forward(tokens, Masks.leftPaddedPositions(step, lengths, width),
          Masks.leftPadded(step, lengths, width), fresh, false);
      fresh.advance(width);
      NDArray last = hidden.get(":, -1, :");
      float[] logits = model.logits(last, false).toFloatArray();
      cache.reserve(width, 1);
      ensureFreeRows(n);
      for (int i = 0; i < n; i++) start(group.get(i), logits, i * vocab, fresh, i, lengths[i], done);
    }
  }

  /** Prefill of only the tokens after a cached prefix: the prefix's keys/values seed the pass's cache. */
  private void prefillAfterPrefix(DecodeRequest r, PrefixCache.Match match, List<Completion> done) {
    int prefix = match.length();
    int[] p = r.prompt();
    int rest = p.length - prefix;
    long[] tokens = new long[rest], positions = new long[rest];
    for (int i = 0; i < rest; i++) {
      tokens[i] = p[prefix + i];
      positions[i] = prefix + i;
    }
    try (NoGrad g = NoGrad.enter(); NDManager step = manager.newSubManager();
         KvCache fresh = KvCache.forPrefill(step, model.config(), 1, p.length)) {
      fresh.append(match.entry().keys, match.entry().values, prefix);
      NDArray hidden = model.forward(step.create(tokens, new Shape(1, rest)), step.create(positions, new Shape(1, rest)),
          Masks.afterPrefix(step, prefix, rest), fresh, false);
      fresh.advance(rest);
      float[] logits = model.logits(hidden.get(":, -1, :"), false).toFloatArray();
      cache.reserve(p.length, 1);
      ensureFreeRows(1);
      start(r, logits, 0, fresh, 0, p.length, done);
    }
  }

  /** Samples a sequence's first token from its prompt's last logits and gives it a row (unless it already finished). */
  private void start(DecodeRequest r, float[] logits, int offset, KvCache source, int sourceRow, int length, List<Completion> done) {
    int vocab = model.config().vocabSize();
    SequenceState s = new SequenceState(r, version);
    s.accept(Sampler.sample(logits, offset, vocab, s.params(), s.rng()), version);
    if (finish(s, length)) {
      done.add(s.complete(tokenizer));
      return;
    }
    int row = cache.freeRow();
    cache.place(row, source, sourceRow, length);
    rows.set(row, s);
  }

  /** Ends the sequence in {@code row}, keeping its keys/values for later prompts that start with its tokens. */
  private void retire(int row, SequenceState s, List<Completion> done) {
    int length = cache.length(row);
    if (prefixes.wants(length)) {
      NDArray[][] kv = cache.copyRow(row, manager);
      prefixes.put(s.fedTokens(length), kv[0], kv[1]);
    }
    done.add(s.complete(tokenizer));
    rows.set(row, null);
    cache.release(row);
  }

  /** Adding rows copies the cache, so it grows by at least a quarter at a time. */
  private void ensureFreeRows(int n) {
    int missing = n - (cache.rows() - cache.liveRows());
    if (missing > 0) cache.addRows(Math.max(missing, cache.rows() / 4));
    while (rows.size() < cache.rows()) rows.add(null);
  }

  /** One decode step for every active sequence; returns those that finished in it. */
  public List<Completion> step() {
    List<Completion> done = new ArrayList<>();
    int n = cache.rows();
    if (cache.liveRows() == 0) return done;
    long[] next = new long[n];
    long[] positions = new long[n];
    for (int r = 0; r < n; r++) {
      SequenceState s = rows.get(r);
      if (s == null) continue;
      next[r] = s.pending();
      positions[r] = cache.length(r);
    }
    int vocab = model.config().vocabSize();
    float[] logits;
    try (NoGrad g = NoGrad.enter(); NDManager step = manager.newSubManager()) {
      cache.reserve(0, 1);
      NDArray hidden = model.forward(step.create(next, new Shape(n, 1)), step.create(positions, new Shape(n, 1)),
          cache.decodeMask(step), cache, false);
      cache.advance(1);
      logits = model.logits(hidden, false).toFloatArray();
    }
    for (int r = 0; r < n; r++) {
      SequenceState s = rows.get(r);
      if (s == null) continue;
      s.accept(Sampler.sample(logits, r * vocab, vocab, s.params(), s.rng()), version);
      if (finish(s, cache.length(r))) retire(r, s, done);
    }
    return done;
  }

  /** Admits all requests, decodes until every one finished, and returns them in request order. */
  public List<Completion> runToCompletion(List<DecodeRequest> requests) {
    List<Completion> done = new ArrayList<>(admit(requests));
    while (active() > 0) done.addAll(step());
    List<Completion> ordered = new ArrayList<>();
    for (DecodeRequest r : requests)
      for (Completion c : done) if (c.tag() == r.tag()) ordered.add(c);
    return ordered;
  }

  /**
   * Drops free rows once more than half the batch has been free for {@value #SPARSE_STEPS}
   * consecutive calls (they cost compute every step), or at once when nothing is running. Agents
   * come back for their next turn within milliseconds, so dropping rows at every dip would
   * reallocate the cache over and over. Call when no request is waiting to reuse them.
   */
  public void compactIfSparse() {
    int live = cache.liveRows();
    int free = cache.rows() - live;
    sparseCalls = free * 2 > cache.rows() ? sparseCalls + 1 : 0;
    if (free == 0 || (live > 0 && sparseCalls < SPARSE_STEPS)) return;
    sparseCalls = 0;
    int[] map = cache.compactRows();
    List<SequenceState> kept = new ArrayList<>(Arrays.asList(new SequenceState[live]));
    for (int r = 0; r < map.length; r++) if (map[r] >= 0) kept.set(map[r], rows.get(r));
    rows.clear();
    rows.addAll(kept);
  }

  /** Ends every running sequence (after a failure); returns them with what they had so far. */
  public List<Completion> abortAll() {
    List<Completion> out = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      SequenceState s = rows.get(r);
      if (s == null) continue;
      out.add(s.complete(tokenizer));
      rows.set(r, null);
      cache.release(r);
    }
    compactIfSparse();
    return out;
  }

  /** Applies the stop rules after a token was accepted; {@code length} is prompt + fed tokens. */
  private boolean finish(SequenceState s, int length) {
    int token = s.lastToken();
    Set<Integer> eos = settings.eosIds();
    if (eos.contains(token)) return s.finish(FinishReason.EOS);
    if (!s.params().stop().isEmpty()) {
      // Only the tail can hold a stop string that this token completed (an earlier one would have
      // stopped earlier); 4 tokens per character covers byte-fallback pieces.
      int longest = s.params().stop().stream().mapToInt(String::length).max().orElse(0);
      int from = Math.max(0, s.generatedCount() - 4 * longest - 8);
      String tail = tokenizer.decode(s.generated(), from, s.generatedCount());
      for (String stop : s.params().stop()) if (tail.contains(stop)) return s.finish(FinishReason.STOP);
    }
    if (s.generatedCount() >= s.params().maxTokens()) return s.finish(FinishReason.LENGTH);
    if (length + 1 >= settings.maxContext()) return s.finish(FinishReason.LENGTH);
    return false;
  }

  @Override
  public void close() {
    prefixes.close();
    manager.close();
  }
}
