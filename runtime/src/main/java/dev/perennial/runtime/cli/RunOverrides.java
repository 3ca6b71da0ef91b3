package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.eval.RunDir;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code eval} and {@code ralph} do with their options: each given option overrides its key
 * under one config block, the run gets an id (the current time when none is given, with a hint
 * on how to resume it), and the configuration is loaded with the journal in the run's folder.
 */
final class RunOverrides {
  private final String block;
  private final Map<String, Object> values;

  RunOverrides(String block, Map<String, String> set) {
    this.block = block;
    this.values = new HashMap<>(set);
  }

  /** Sets {@code <block>.<key>} when {@code value} was given. */
  RunOverrides put(String key, Object value) {
    if (value != null) values.put(block + "." + key, value instanceof java.nio.file.Path p ? p.toString() : value);
    return this;
  }

  static String idOrNow(String id, String command) {
    if (id != null) return id;
    String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    System.err.println(command + " id " + now + " (re-run with --id " + now + " to resume it)");
    return now;
  }

  /** The configuration with the run's journal under {@code <dirKey>/<id>/data}. */
  Config load(ProfileOption profile, String dirKey, String id) {
    return RunDir.load(m -> profile.load(ConfigFactory.parseMap(m)), values, block + "." + dirKey, id);
  }
}
