package dev.perennial.agents.tools;

import dev.perennial.persistence.CborSerializable;

/**
 * What a tool returned: the text the model sees inside {@code <interpreter>…</interpreter>}, whether
 * the call succeeded, and (for environment actions) whether the environment ended the task.
 */
public record ToolOutput(String text, boolean ok, boolean taskFinished) implements CborSerializable {
  public static ToolOutput ok(String text) { return new ToolOutput(text, true, false); }

  public static ToolOutput error(String text) { return new ToolOutput(text, false, false); }
}
