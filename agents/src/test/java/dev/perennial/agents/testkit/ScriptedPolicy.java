package dev.perennial.agents.testkit;

import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.policy.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A deterministic test policy (test scope only, never a real model): a script maps each request to
 * the text the "model" writes. It behaves like a real character-level policy where the agent can
 * tell: token ids are the characters' code points, log-probs are fixed negative numbers, stop
 * strings cut the output after the first match (finish STOP), {@code maxTokens} cuts it (LENGTH),
 * and every injected segment is tokenized the same way. Records every request it saw.
 */
public final class ScriptedPolicy implements Policy {
  /** The script: what the model writes for a request. */
  @FunctionalInterface
  public interface Script {
    String respond(GenerationRequest request);
  }

  private final Script script;
  private final Duration delay;
  private final long version;
  private final AtomicInteger failuresLeft;
  private final boolean failuresRetryable;
  private final Predicate<GenerationRequest> hold;
  private final List<GenerationRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Runnable> held = new CopyOnWriteArrayList<>();

  private ScriptedPolicy(Script script, Duration delay, long version, int failures, boolean retryable,
      Predicate<GenerationRequest> hold) {
    this.script = script;
    this.delay = delay;
    this.version = version;
    this.failuresLeft = new AtomicInteger(failures);
    this.failuresRetryable = retryable;
    this.hold = hold;
  }

  public static ScriptedPolicy of(Script script) { return new ScriptedPolicy(script, Duration.ZERO, 1, 0, true, r -> false); }

  /** Answers each request with the next of {@code outputs}, then repeats the last. */
  public static ScriptedPolicy sequence(String... outputs) {
    AtomicInteger next = new AtomicInteger();
    return of(r -> outputs[Math.min(next.getAndIncrement(), outputs.length - 1)]);
  }

  public ScriptedPolicy withDelay(Duration d) {
    return new ScriptedPolicy(script, d, version, failuresLeft.get(), failuresRetryable, hold);
  }

  public ScriptedPolicy withVersion(long v) {
    return new ScriptedPolicy(script, delay, v, failuresLeft.get(), failuresRetryable, hold);
  }

  /** The first {@code n} calls fail with a {@link PolicyException} ({@code retryable} as given). */
  public ScriptedPolicy failingFirst(int n, boolean retryable) {
    return new ScriptedPolicy(script, delay, version, n, retryable, hold);
  }

  /** Requests matching {@code when} get no answer until {@link #releaseHeld} (a model that is still thinking). */
  public ScriptedPolicy holding(Predicate<GenerationRequest> when) {
    return new ScriptedPolicy(script, delay, version, failuresLeft.get(), failuresRetryable, when);
  }

  /** Answers the held requests; returns how many there were. */
  public int releaseHeld() {
    List<Runnable> now = List.copyOf(held);
    held.removeAll(now);
    now.forEach(Runnable::run);
    return now.size();
  }

  public int heldCount() { return held.size(); }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    requests.add(request);
    if (failuresLeft.getAndDecrement() > 0) {
      return CompletableFuture.failedFuture(new PolicyException("scripted failure", failuresRetryable));
    }
    Generation g;
    try {
      g = sample(request, script.respond(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (hold.test(request)) {
      CompletableFuture<Generation> later = new CompletableFuture<>();
      held.add(() -> later.complete(g));
      return later;
    }
    if (delay.isZero()) return CompletableFuture.completedFuture(g);
    return CompletableFuture.supplyAsync(() -> g, CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
  }

  private Generation sample(GenerationRequest request, String wanted) {
    String text = wanted == null ? "" : wanted;
    FinishReason reason = FinishReason.EOS;
    int cut = -1;
    for (String stop : request.params().stop()) {
      int at = text.indexOf(stop);
      if (at >= 0 && (cut < 0 || at + stop.length() < cut)) cut = at + stop.length();
    }
    if (cut >= 0) {
      text = text.substring(0, cut);
      reason = FinishReason.STOP;
    }
    int[] ids = text.codePoints().toArray();
    if (ids.length > request.params().maxTokens()) {
      ids = java.util.Arrays.copyOf(ids, request.params().maxTokens());
      text = new String(ids, 0, ids.length);
      reason = FinishReason.LENGTH;
    }
    float[] logprobs = new float[ids.length];
    for (int i = 0; i < ids.length; i++) logprobs[i] = -0.1f - (i % 5) * 0.01f;
    List<int[]> injected = new ArrayList<>();
    for (Segment s : request.context()) {
      if (s instanceof Segment.Injected) injected.add(s.text().codePoints().toArray());
    }
    return new Generation(text, ids, logprobs, reason, injected, version, 0, 1);
  }

  public List<GenerationRequest> requests() { return List.copyOf(requests); }

  @Override
  public String describe() { return "scripted (test)"; }

  @Override
  public boolean trainable() { return true; }

  // ---- helpers for scripts

  /** The first injected segment: the episode's prompt. */
  public static String prompt(GenerationRequest r) { return r.context().isEmpty() ? "" : r.context().get(0).text(); }

  /** The text injected just before this turn (the prompt, or the last interpreter output). */
  public static String lastInjected(GenerationRequest r) {
    for (int i = r.context().size() - 1; i >= 0; i--) {
      if (r.context().get(i) instanceof Segment.Injected s) return s.text();
    }
    return "";
  }

  /** Turns already taken in this episode. */
  public static int turnIndex(GenerationRequest r) {
    return (int) r.context().stream().filter(s -> s instanceof Segment.Generated).count();
  }

  /** The text between {@code <tag>} and {@code </tag>} in {@code text}, or "". */
  public static String between(String text, String tag) {
    int a = text.indexOf("<" + tag + ">");
    if (a < 0) return "";
    int b = text.indexOf("</" + tag + ">", a);
    return b < 0 ? "" : text.substring(a + tag.length() + 2, b);
  }
}
