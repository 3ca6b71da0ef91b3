package dev.perennial.bench.suite;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of a benchmark main; an unknown name is an error, not ignored. */
public final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, String> known;

  /** {@code nameAndHelp}: option name, help text, name, help text, … */
  public Options(String[] args, String... nameAndHelp) {
    this.known = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < nameAndHelp.length; i += 2) known.put(nameAndHelp[i], nameAndHelp[i + 1]);
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected an option, got '" + args[i] + "'" + usage());
      String name = args[i].substring(2);
      if (!known.containsKey(name)) throw new IllegalArgumentException("unknown option --" + name + usage());
      if (i + 1 >= args.length) throw new IllegalArgumentException("option --" + name + " needs a value");
      values.put(name, args[++i]);
    }
  }

  public int integer(String name, int fallback) {
    String v = values.get(name);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  public String string(String name, String fallback) { return values.getOrDefault(name, fallback); }

  /** The results file: {@code --out}, else bench/results/&lt;prefix&gt;-&lt;time&gt;.json. */
  public Path out(String prefix) {
    String v = values.get("out");
    return v != null ? Path.of(v) : Path.of("bench/results", prefix + "-" + Instant.now().toString().replace(':', '-') + ".json");
  }

  private String usage() {
    StringBuilder b = new StringBuilder("; options:");
    known.forEach((k, help) -> b.append("\n  --").append(k).append("  ").append(help));
    return b.toString();
  }
}
