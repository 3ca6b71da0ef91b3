package dev.perennial.agents.tools;

import dev.perennial.persistence.CborSerializable;

/** A tool call parsed from a turn: {@code <code lang="python">…</code>} gives tool "python" and the code. */
public record ToolCall(String callId, String tool, String input) implements CborSerializable {}
