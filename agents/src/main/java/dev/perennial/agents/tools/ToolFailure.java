package dev.perennial.agents.tools;

/** An expected tool failure whose message is shown to the model (bad input, unknown table, …). */
public class ToolFailure extends Exception {
  public ToolFailure(String message) { super(message); }
}
