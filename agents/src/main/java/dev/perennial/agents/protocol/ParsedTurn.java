package dev.perennial.agents.protocol;

/** What one solve turn asked for, as read by {@link TurnParser}. */
public sealed interface ParsedTurn {
  /** A final answer; {@code closed} is false when the closing tag was missing (counts against the format). */
  record Answer(String text, boolean closed) implements ParsedTurn {}

  /** A well-formed tool call: {@code tool} from the lang attribute, {@code input} the block's body. */
  record ToolCallRequest(String tool, String input) implements ParsedTurn {}

  /** Something that tried to be a tool call but cannot be run; {@code reason} is shown to the model. */
  record MalformedCall(String reason) implements ParsedTurn {}

  /** Neither a tool call nor an answer (plain reasoning that ended). */
  record NoAction() implements ParsedTurn {}
}
