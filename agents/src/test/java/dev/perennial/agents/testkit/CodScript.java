package dev.perennial.agents.testkit;

import dev.perennial.agents.policy.GenerationRequest;

/**
 * The scripted behaviour of a competent CoD agent in {@link AddRuleEnvironment}: a solve plans,
 * calls the echo tool with x + k (k from its hints, 0 without), then answers what the tool printed;
 * an update reads the revealed expected value from the feedback and writes {@code <hints>k=K</hints>}.
 * So the first task of a pack fails (unless k happens to be 0), and the rest succeed.
 */
public final class CodScript implements ScriptedPolicy.Script {
  @Override
  public String respond(GenerationRequest r) {
    String prompt = ScriptedPolicy.prompt(r);
    if (prompt.contains("<trajectory>")) return update(prompt);
    if (ScriptedPolicy.turnIndex(r) == 0) {
      int x = Integer.parseInt(ScriptedPolicy.between(prompt, "task").replace("x=", "").strip());
      return "<plan>add k to x</plan><code lang=\"echo\">" + (x + hintedK(prompt)) + "</code>";
    }
    String out = ScriptedPolicy.between(ScriptedPolicy.lastInjected(r), "interpreter");
    return "<reflect>the tool said " + out + "</reflect><answer>" + out + "</answer>";
  }

  private static String update(String prompt) {
    String feedback = ScriptedPolicy.between(prompt, "feedback"); // "...: expected 8 for x=5"
    try {
      int expected = Integer.parseInt(feedback.replaceAll(".*expected (-?\\d+) for.*", "$1"));
      int x = Integer.parseInt(feedback.replaceAll(".*for x=(-?\\d+).*", "$1"));
      return "<hints>k=" + (expected - x) + "</hints>";
    } catch (NumberFormatException e) {
      return "I am not sure.";
    }
  }

  static int hintedK(String prompt) {
    String hints = ScriptedPolicy.between(prompt, "hints");
    if (!hints.startsWith("k=")) return 0;
    try {
      return Integer.parseInt(hints.substring(2).strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
