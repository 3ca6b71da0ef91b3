package dev.perennial.environments.expert;

import java.util.List;

/**
 * What an agent has during a solve episode, and all an expert may use: the task prompt, the hints
 * text ("" when none) and the tool exchanges of this attempt so far. The ground truth and the
 * task's hidden extra info are deliberately not here.
 */
public record SolveView(String prompt, String hints, List<ToolExchange> exchanges) {
  public SolveView {
    hints = hints == null ? "" : hints;
    exchanges = List.copyOf(exchanges);
  }

  /** A tool call of this attempt and what it returned. */
  public record ToolExchange(String tool, String input, String output) {}

  public ToolExchange last() { return exchanges.get(exchanges.size() - 1); }

  public SolveView with(ToolExchange exchange) {
    List<ToolExchange> more = new java.util.ArrayList<>(exchanges);
    more.add(exchange);
    return new SolveView(prompt, hints, more);
  }
}
