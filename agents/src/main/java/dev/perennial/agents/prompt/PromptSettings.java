package dev.perennial.agents.prompt;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * The {@code perennial.agents.prompt} block: the chosen template style and the character budgets
 * that keep prompts short (the default policy is a small character-level model).
 */
public record PromptSettings(
    String style,
    String system,
    PromptTemplate solve,
    PromptTemplate update,
    String noHintsText,
    int maxHintsChars,
    int maxTrajectoryChars,
    int maxFeedbackChars,
    int maxToolOutputChars) {

  public static final Set<String> SOLVE_PLACEHOLDERS = Set.of("system", "instructions", "hints", "task", "tools");
  public static final Set<String> UPDATE_PLACEHOLDERS =
      Set.of("system", "instructions", "hints", "task", "trajectory", "reward", "success", "feedback");

  public PromptSettings {
    if (noHintsText.isBlank()) throw new IllegalArgumentException("perennial.agents.prompt.no-hints-text must not be empty");
    positive("max-hints-chars", maxHintsChars);
    positive("max-trajectory-chars", maxTrajectoryChars);
    positive("max-feedback-chars", maxFeedbackChars);
    positive("max-tool-output-chars", maxToolOutputChars);
  }

  public static PromptSettings from(Config prompt) {
    String style = prompt.getString("style");
    if (!prompt.hasPath("styles." + style)) {
      throw new IllegalArgumentException("perennial.agents.prompt.style = '" + style + "' but there is no perennial.agents.prompt.styles."
          + style + " block (built in: " + prompt.getConfig("styles").root().keySet() + ")");
    }
    Config s = prompt.getConfig("styles." + style);
    String base = "perennial.agents.prompt.styles." + style;
    return new PromptSettings(
        style,
        s.getString("system"),
        PromptTemplate.parse(base + ".solve", s.getString("solve"), SOLVE_PLACEHOLDERS),
        PromptTemplate.parse(base + ".update", s.getString("update"), UPDATE_PLACEHOLDERS),
        prompt.getString("no-hints-text"),
        prompt.getInt("max-hints-chars"),
        prompt.getInt("max-trajectory-chars"),
        prompt.getInt("max-feedback-chars"),
        prompt.getInt("max-tool-output-chars"));
  }

  private static void positive(String key, int v) {
    if (v < 1) throw new IllegalArgumentException("perennial.agents.prompt." + key + " must be >= 1, got " + v);
  }
}
