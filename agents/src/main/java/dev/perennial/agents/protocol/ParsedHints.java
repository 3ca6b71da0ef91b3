package dev.perennial.agents.protocol;

import java.util.Optional;

/** The hints an update turn wrote, or why none could be read ({@code error}, empty when parsed). */
public record ParsedHints(Optional<String> hints, String error) {
  public static ParsedHints of(String hints) { return new ParsedHints(Optional.of(hints), ""); }

  public static ParsedHints failed(String error) { return new ParsedHints(Optional.empty(), error); }

  public boolean parsed() { return hints.isPresent(); }
}
