package dev.perennial.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, from a test's working directory (the module directory under Maven). */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("config/cluster.conf"))) p = p.getParent();
    if (p == null) throw new IllegalStateException("run from inside the repository (no config/cluster.conf above " + System.getProperty("user.dir") + ")");
    return p;
  }

  /** A profile of the repository's config/ directory, as a path {@code Profiles} accepts from anywhere. */
  public static String profile(String name) { return root().resolve("config").resolve(name + ".conf").toString(); }
}
