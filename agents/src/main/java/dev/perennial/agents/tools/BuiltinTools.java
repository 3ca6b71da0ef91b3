package dev.perennial.agents.tools;

import com.typesafe.config.Config;
import dev.perennial.agents.tools.calculator.CalculatorTool;
import dev.perennial.agents.tools.sql.SqlTool;
import dev.perennial.environments.sandbox.PythonSandbox;

/**
 * The tools every node offers: "python" (through the node's one {@link PythonSandbox}), "sql",
 * "calculator" and "env". Add user tools with {@link ToolRegistry#with}.
 *
 * <pre>{@code
 * PythonSandbox sandbox = PythonSandbox.create(SandboxSettings.from(config));   // one per node
 * ToolRegistry tools = BuiltinTools.registry(config, sandbox).with(myHttpTool);
 * }</pre>
 */
public final class BuiltinTools {
  private BuiltinTools() {}

  public static ToolRegistry registry(Config config, PythonSandbox sandbox) {
    return registry(ToolSettings.from(config), sandbox);
  }

  public static ToolRegistry registry(ToolSettings settings, PythonSandbox sandbox) {
    return ToolRegistry.of(
        new PythonTool(sandbox, settings.python()),
        new SqlTool(settings.sql()),
        new CalculatorTool(settings.calculator()),
        new EnvTool(settings.env()));
  }
}
