package dev.perennial.agents.testkit;

import dev.perennial.agents.policy.GenerationRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted behaviour of a deployed agent on outside tasks "x=N" whose answer is x + k for a k
 * the agent must learn: a solve adds k from its hints (0 without), through the echo tool when
 * {@code useTool}, then answers; an update reads "expected M" from the feedback (a verifier's
 * reason or the outside feedback text) and writes {@code <hints>k=M−x</hints>}, or keeps its hints
 * when the feedback reveals nothing (a correct answer). Test scope only.
 */
public final class DeployScript implements ScriptedPolicy.Script {
  private static final Pattern EXPECTED = Pattern.compile("expected (-?\\d+)");
  private final boolean useTool;

  public DeployScript(boolean useTool) { this.useTool = useTool; }

  @Override
  public String respond(GenerationRequest r) {
    String prompt = ScriptedPolicy.prompt(r);
    int x = x(prompt);
    if (prompt.contains("<trajectory>")) {
      Matcher m = EXPECTED.matcher(ScriptedPolicy.between(prompt, "feedback"));
      if (m.find()) return "<hints>k=" + (Integer.parseInt(m.group(1)) - x) + "</hints>";
      String kept = ScriptedPolicy.between(prompt, "hints");
      return kept.startsWith("k=") ? "<hints>" + kept + "</hints>" : "I am not sure.";
    }
    int sum = x + CodScript.hintedK(prompt);
    if (!useTool) return "<plan>add k to x</plan><answer>" + sum + "</answer>";
    if (ScriptedPolicy.turnIndex(r) == 0) return "<plan>add k to x</plan><code lang=\"echo\">" + sum + "</code>";
    String out = ScriptedPolicy.between(ScriptedPolicy.lastInjected(r), "interpreter");
    return "<reflect>the tool said " + out + "</reflect><answer>" + out + "</answer>";
  }

  private static int x(String prompt) {
    try {
      return Integer.parseInt(ScriptedPolicy.between(prompt, "task").replace("x=", "").strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
