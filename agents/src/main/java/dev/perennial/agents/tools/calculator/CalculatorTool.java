package dev.perennial.agents.tools.calculator;

import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.agents.tools.ToolSettings;

/**
 * The "calculator" tool: exact arithmetic over big integers and rationals for models that should
 * not need Python for it ({@code 2/3 + 1/6} gives {@code 5/6 ≈ 0.833333333333}). See
 * {@link Calculator} for the syntax. Pure and fast: it keeps no state and needs no cancelling
 * (every computation is bounded by {@code max-digits}).
 */
public final class CalculatorTool implements Tool {
  private final ToolSettings.Calculator settings;

  public CalculatorTool(ToolSettings.Calculator settings) {
    this.settings = settings;
  }

  @Override
  public String name() { return "calculator"; }

  @Override
  public ToolOutput run(ToolCall call, ToolContext context) throws ToolFailure {
    String input = call.input() == null ? "" : call.input();
    if (input.length() > settings.maxInputChars()) {
      throw new ToolFailure("the expression is too long (" + input.length() + " characters; at most " + settings.maxInputChars() + ")");
    }
    try {
      return ToolOutput.ok(String.join("\n", new Calculator(settings.maxDigits(), settings.decimalPlaces()).evaluate(input)));
    } catch (CalculatorException e) {
      throw new ToolFailure("calculator error: " + e.getMessage());
    }
  }
}
