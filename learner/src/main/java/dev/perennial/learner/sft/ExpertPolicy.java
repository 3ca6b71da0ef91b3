package dev.perennial.learner.sft;

import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.Segment;
import dev.perennial.agents.protocol.ProtocolTags;
import dev.perennial.environments.Task;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A {@link Policy} that answers with an environment's scripted {@link Expert}, written in the
 * agents' text protocol, so that real agents (prompts, tool calls run by the runtime, verifiers,
 * update episodes) produce cold-start SFT traces that look exactly like their own episodes:
 * {@code <plan>…</plan><code lang="tool">…</code>}, then after the runtime injects
 * {@code <interpreter>…</interpreter>}, {@code <reflect>…</reflect><answer>…</answer>}; an update
 * writes {@code <hints>…</hints>}. Like the agent, the expert sees only the context: it reads the
 * task, the hints and the tool exchanges out of the prompt text, never the hidden rule. Token ids
 * come from the policy's tokenizer (injected segments tokenized the way the policy server does),
 * log-probs are 0: the traces are for supervised training, not for importance ratios.
 *
 * <p>With {@code preferCalculator}, an expert call {@code print(expr)} to python becomes the
 * in-process calculator on {@code expr} (same value, no subprocess) when {@code expr} is plain arithmetic.
 */
public final class ExpertPolicy implements Policy {
  private final Function<GenerationRequest, Optional<Expert>> experts;
  private final PolicyTokenizer tokenizer;
  private final ProtocolTags tags;
  private final String noHintsText;
  private final boolean preferCalculator;

  /**
   * @param experts     the expert for a request (e.g. by the environment of the requesting agent)
   * @param noHintsText the agents' text for "no hints" (read as empty hints)
   */
  public ExpertPolicy(Function<GenerationRequest, Optional<Expert>> experts, PolicyTokenizer tokenizer, ProtocolTags tags,
      String noHintsText, boolean preferCalculator) {
    this.experts = experts;
    this.tokenizer = tokenizer;
    this.tags = tags;
    this.noHintsText = noHintsText;
    this.preferCalculator = preferCalculator;
  }

  @Override
  public CompletionStage<Generation> generate(GenerationRequest request) {
    try {
      Expert expert = experts.apply(request).orElseThrow(() ->
          new IllegalArgumentException("no expert for request " + request.requestId()));
      String text = isUpdate(request) ? update(expert, request) : solve(expert, request);
      return CompletableFuture.completedFuture(generation(request, text));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new dev.perennial.agents.policy.PolicyException(
          "expert policy: " + e.getMessage(), false));
    }
  }

  private boolean isUpdate(GenerationRequest r) {
    return r.params().stop().contains(ProtocolTags.close(tags.hints()));
  }

  private String solve(Expert expert, GenerationRequest r) {
    SolveView view = new SolveView(between(prompt(r), "task"), hints(prompt(r)), exchanges(r));
    SolveStep step = expert.next(view);
    if (step instanceof SolveStep.Answer a) {
      return tag(tags.reflect(), a.reflection()) + tag(tags.answer(), a.answer());
    }
    SolveStep.UseTool use = (SolveStep.UseTool) step;
    String tool = use.tool();
    String input = use.input();
    Optional<String> arithmetic = preferCalculator && tool.equals("python") ? printedArithmetic(input) : Optional.empty();
    if (arithmetic.isPresent()) {
      tool = "calculator";
      input = arithmetic.get();
    }
    return tag(tags.plan(), use.plan()) + "<" + tags.code() + " " + tags.langAttribute() + "=\"" + tool + "\">" + input
        + ProtocolTags.close(tags.code());
  }

  private String update(Expert expert, GenerationRequest r) {
    String p = prompt(r);
    Task task = new Task("", "", "", between(p, "task"), "", java.util.Map.of(), List.of());
    String hints = expert.hints(task, hints(p), between(p, "trajectory"), between(p, "feedback"));
    return tag(tags.hints(), hints == null || hints.isBlank() ? noHintsText : hints);
  }

  /** The tool exchanges of this attempt: each generated tool call and the interpreter segment after it. */
  private List<SolveView.ToolExchange> exchanges(GenerationRequest r) {
    List<SolveView.ToolExchange> out = new ArrayList<>();
    List<Segment> c = r.context();
    for (int i = 1; i + 1 < c.size(); i++) {
      if (!(c.get(i) instanceof Segment.Generated g) || !(c.get(i + 1) instanceof Segment.Injected in)) continue;
      String open = "<" + tags.code();
      int at = g.text().indexOf(open);
      if (at < 0) continue;
      int tagEnd = g.text().indexOf('>', at);
      int close = g.text().indexOf(ProtocolTags.close(tags.code()), tagEnd + 1);
      if (tagEnd < 0 || close < 0) continue;
      String attrs = g.text().substring(at + open.length(), tagEnd);
      String tool = attrs.replaceAll(".*" + tags.langAttribute() + "=\"([^\"]*)\".*", "$1").strip();
      out.add(new SolveView.ToolExchange(tool, g.text().substring(tagEnd + 1, close), between(in.text(), tags.interpreter())));
    }
    return out;
  }

  private String hints(String prompt) {
    String h = between(prompt, tags.hints()).strip();
    return h.equals(noHintsText) ? "" : h;
  }

  private static String prompt(GenerationRequest r) {
    return r.context().isEmpty() ? "" : r.context().get(0).text();
  }

  private Generation generation(GenerationRequest r, String text) {
    int[] ids = tokenizer.encode(text);
    List<int[]> injected = new ArrayList<>();
    for (Segment s : r.context()) if (s instanceof Segment.Injected in) injected.add(tokenizer.encode(in.text()));
    return new Generation(text, ids, new float[ids.length], FinishReason.STOP, injected, 0, 0, 0);
  }

  /** {@code print(expr)} with plain arithmetic inside: expr. */
  static Optional<String> printedArithmetic(String code) {
    String c = code.strip();
    if (!c.startsWith("print(") || !c.endsWith(")")) return Optional.empty();
    String expr = c.substring(6, c.length() - 1).strip();
    return expr.matches("[0-9+\\-*/() ]+") ? Optional.of(expr) : Optional.empty();
  }

  static String between(String text, String tag) {
    String open = "<" + tag + ">";
    String close = "</" + tag + ">";
    int a = text.indexOf(open);
    if (a < 0) return "";
    int b = text.indexOf(close, a + open.length());
    return b < 0 ? text.substring(a + open.length()) : text.substring(a + open.length(), b);
  }

  private static String tag(String name, String body) { return "<" + name + ">" + body + "</" + name + ">"; }

  @Override public String describe() { return "expert (scripted, for SFT traces)"; }

  @Override public boolean trainable() { return true; }
}
