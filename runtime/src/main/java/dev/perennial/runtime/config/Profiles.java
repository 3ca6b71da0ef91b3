package dev.perennial.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the deployment profiles a user edits ({@code config/local.conf}, {@code cluster.conf},
 * {@code cassandra.conf}, {@code gpu.conf}) on top of every module's {@code reference.conf}.
 * Several profiles can be stacked ("cluster,cassandra"): later ones win. A profile is looked up as
 * a path first, then as {@code <config-dir>/<name>.conf}; a missing profile is an error that lists
 * what exists, never a silent fallback to defaults.
 */
public final class Profiles {
  public static final String DEFAULT = "local";

  private Profiles() {}

  /** The config directory: {@code PERENNIAL_CONFIG_DIR}, else {@code ./config}, else next to the distribution. */
  public static Path configDir() {
    String env = System.getenv("PERENNIAL_CONFIG_DIR");
    if (env != null && !env.isBlank()) return Path.of(env);
    String home = System.getProperty("perennial.home");
    Path local = Path.of("config");
    if (Files.isDirectory(local) || home == null) return local;
    return Path.of(home, "config");
  }

  public static Config load(String profiles) {
    return load(profiles, ConfigFactory.empty());
  }

  /** {@code overrides} (e.g. from command-line flags) win over every profile. */
  public static Config load(String profiles, Config overrides) {
    List<Path> files = resolve(profiles == null || profiles.isBlank() ? DEFAULT : profiles);
    Config merged = overrides;
    for (int i = files.size() - 1; i >= 0; i--) {
      merged = merged.withFallback(
          ConfigFactory.parseFile(files.get(i).toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
    }
    merged = merged.withFallback(perennialReferences());
    return ConfigFactory.load(ConfigFactory.systemProperties().withFallback(merged)).resolve();
  }

  /**
   * The reference.conf files of Perennial's own modules (those that define a {@code perennial}
   * block), merged above the libraries' ones. A module may override a library default there (the
   * persistence module sets Akka's journal plugin to the H2 journal), and Typesafe Config merges
   * reference.conf files in classpath order: with the distribution's {@code lib/*} classpath the
   * library jars may come first and silently win. This layer makes the modules' values win always.
   */
  static Config perennialReferences() {
    Config ours = ConfigFactory.empty();
    try {
      var urls = Profiles.class.getClassLoader().getResources("reference.conf");
      while (urls.hasMoreElements()) {
        Config c = ConfigFactory.parseURL(urls.nextElement());
        if (c.hasPath("perennial")) ours = ours.withFallback(c);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read the modules' reference.conf files", e);
    }
    return ours;
  }

  static List<Path> resolve(String profiles) {
    List<Path> out = new ArrayList<>();
    for (String name : profiles.split(",")) {
      String p = name.trim();
      if (p.isEmpty()) continue;
      Path asPath = Path.of(p);
      Path file = Files.isRegularFile(asPath) ? asPath : configDir().resolve(p.endsWith(".conf") ? p : p + ".conf");
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "unknown config profile '" + p + "': no file " + file.toAbsolutePath() + " (profiles in "
                + configDir().toAbsolutePath() + ": " + available() + ")");
      }
      out.add(file);
    }
    return out;
  }

  private static String available() {
    try (var s = Files.list(configDir())) {
      return s.map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .map(n -> n.substring(0, n.length() - 5))
          .sorted()
          .toList()
          .toString();
    } catch (Exception e) {
      return "none";
    }
  }
}
