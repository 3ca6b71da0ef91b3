package dev.perennial.agents.prompt;

import dev.perennial.agents.protocol.ProtocolTags;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the text injected into an episode: the solve prompt (hints + task), the update prompt
 * (previous hints + last trajectory + reward + feedback) and the interpreter segment that carries a
 * tool's output or a tool-call error back to the model. Pure functions of their inputs.
 */
public final class Prompts {
  private final PromptSettings settings;
  private final ProtocolTags tags;

  public Prompts(PromptSettings settings, ProtocolTags tags) {
    this.settings = settings;
    this.tags = tags;
  }

  public String solve(String hints, String instructions, String task, Iterable<String> tools) {
    return settings.solve().render(Map.of(
        "system", settings.system(),
        "instructions", instructions == null ? "" : instructions,
        "hints", hints(hints),
        "task", task,
        "tools", String.join(", ", tools)));
  }

  public String update(String hints, String instructions, String task, String trajectory, double reward,
      boolean success, String feedback) {
    return settings.update().render(Map.of(
        "system", settings.system(),
        "instructions", instructions == null ? "" : instructions,
        "hints", hints(hints),
        "task", task,
        "trajectory", TextCap.middle(trajectory, settings.maxTrajectoryChars()),
        "reward", String.format(Locale.ROOT, "%.2f", reward),
        "success", success ? "yes" : "no",
        "feedback", TextCap.middle(feedback, settings.maxFeedbackChars())));
  }

  /** {@code <interpreter>output</interpreter>\n}, output capped. */
  public String interpreter(String output) {
    return ProtocolTags.open(tags.interpreter()) + TextCap.middle(output, settings.maxToolOutputChars())
        + ProtocolTags.close(tags.interpreter()) + "\n";
  }

  /** The interpreter segment for a call that could not run: what went wrong, in one short line. */
  public String toolError(String reason) { return interpreter("error: " + reason); }

  /** Hints as they go into a prompt, capped; empty hints read as the no-hints text. */
  public String hints(String hints) {
    return hints == null || hints.isBlank() ? settings.noHintsText() : TextCap.head(hints, settings.maxHintsChars());
  }

  public String noHintsText() { return settings.noHintsText(); }

  public int maxHintsChars() { return settings.maxHintsChars(); }
}
