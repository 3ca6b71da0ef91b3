package dev.perennial.agents.tools;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;

/** The {@code perennial.agents.tools} settings (see reference.conf), read once. */
public record ToolSettings(Python python, Sql sql, Calculator calculator, Env env) {

  public record Python(boolean stateful, Duration timeout, long memoryBytes, int maxOutputBytes) {}

  public record Sql(int maxRows, int countLimit, Duration timeout, String memoryLimit, int maxCellChars,
                    Path dataRoot, int maxOpenDatabases) {}

  public record Calculator(int maxDigits, int maxInputChars, int decimalPlaces) {}

  public record Env(int maxObservationChars) {}

  public static ToolSettings from(Config config) {
    Config t = config.getConfig("perennial.agents.tools");
    Config py = t.getConfig("python");
    Config sql = t.getConfig("sql");
    Config calc = t.getConfig("calculator");
    String dataRoot = sql.getString("data-root");
    ToolSettings s = new ToolSettings(
        new Python(py.getBoolean("stateful"), py.getDuration("timeout"), py.getBytes("memory"),
            py.getBytes("max-output").intValue()),
        new Sql(sql.getInt("max-rows"), sql.getInt("count-limit"), sql.getDuration("timeout"),
            sql.getString("memory-limit"), sql.getInt("max-cell-chars"),
            Path.of(dataRoot.isBlank() ? System.getProperty("user.dir") : dataRoot).toAbsolutePath(),
            sql.getInt("max-open-databases")),
        new Calculator(calc.getInt("max-digits"), calc.getInt("max-input-chars"), calc.getInt("decimal-places")),
        new Env(t.getInt("env.max-observation-chars")));
    s.validate();
    return s;
  }

  private void validate() {
    check(!python.timeout.isNegative() && !python.timeout.isZero(), "python.timeout must be positive");
    check(python.maxOutputBytes >= 256, "python.max-output must be at least 256 bytes");
    check(sql.maxRows >= 1 && sql.countLimit >= sql.maxRows, "sql.max-rows must be >= 1 and <= sql.count-limit");
    check(!sql.timeout.isNegative() && !sql.timeout.isZero(), "sql.timeout must be positive");
    check(sql.memoryLimit.matches("(?i)\\d+(\\.\\d+)?\\s*(B|KB|MB|GB|KiB|MiB|GiB)"), "sql.memory-limit must look like 256MB");
    check(sql.maxCellChars >= 8 && sql.maxOpenDatabases >= 1, "sql.max-cell-chars >= 8 and sql.max-open-databases >= 1");
    check(calculator.maxDigits >= 10 && calculator.maxInputChars >= 10, "calculator limits must be at least 10");
    check(calculator.decimalPlaces >= 0 && calculator.decimalPlaces <= 1000, "calculator.decimal-places must be 0..1000");
    check(env.maxObservationChars >= 100, "env.max-observation-chars must be at least 100");
  }

  private static void check(boolean ok, String message) {
    if (!ok) throw new ConfigException.BadValue("perennial.agents.tools", message);
  }
}
