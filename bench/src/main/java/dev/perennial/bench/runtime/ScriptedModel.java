package dev.perennial.bench.runtime;

import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The benchmark's stand-in for a model (never a real one): the agents test kit's CodScript — plan,
 * one echo tool call, answer; an update writes the hint — with its plan and reflection padded to
 * about {@code turnChars} characters (one token per character, as ScriptedPolicy tokenizes), so
 * turns carry token arrays of a realistic size. Answers at once, or after a fixed simulated model
 * latency; the latency can be switched between phases of one run. Counts calls.
 */
final class ScriptedModel implements Policy {
  private final ScriptedPolicy.Script script;
  private final AtomicReference<Policy> current = new AtomicReference<>();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicReference<GenerationRequest> first = new AtomicReference<>();

  ScriptedModel(int turnChars) {
    CodScript cod = new CodScript();
    String filler = filler(turnChars);
    this.script = r -> pad(cod.respond(r), filler);
    latency(Duration.ZERO);
  }

  /** From now on every call answers after {@code d} (zero: at once). */
  void latency(Duration d) {
    ScriptedPolicy p = ScriptedPolicy.of(script);
    current.set(d.isZero() ? p : p.withDelay(d));
  }

  long calls() { return calls.get(); }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    calls.incrementAndGet();
    first.compareAndSet(null, request);
    return current.get().generate(request);
  }

  @Override
  public String describe() { return "scripted (benchmark stand-in)"; }

  @Override
  public boolean trainable() { return true; }

  /** The first request this model answered: the first turn of a solve episode, as an agent sends it. */
  GenerationRequest firstRequest() {
    GenerationRequest r = first.get();
    if (r == null) throw new IllegalStateException("no agent has called the model yet");
    return r;
  }

  /** The filler goes before the first closing plan/reflect tag (plain indexOf: the stand-in must cost next to nothing). */
  private static String pad(String text, String filler) {
    if (filler.isEmpty()) return text;
    return insertBefore(insertBefore(text, "</plan>", filler), "</reflect>", filler);
  }

  private static String insertBefore(String text, String tag, String filler) {
    int at = text.indexOf(tag);
    return at < 0 ? text : text.substring(0, at) + filler + text.substring(at);
  }

  private static String filler(int chars) {
    String words = " then check the result against the rule and keep what held";
    StringBuilder b = new StringBuilder();
    while (b.length() < chars) b.append(words);
    return b.substring(0, Math.max(0, chars));
  }
}
