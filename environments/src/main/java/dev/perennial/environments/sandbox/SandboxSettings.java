package dev.perennial.environments.sandbox;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The {@code perennial.sandbox} settings (see reference.conf for what each one means), read once.
 *
 * @param maxConcurrent already resolved: never 0 (0 in the config means the number of cores)
 * @param tempRoot      already resolved: the configured path or java.io.tmpdir
 */
public record SandboxSettings(
    IsolationMode isolation,
    String bwrap,
    String python,
    int uid,
    int gid,
    Path tempRoot,
    int maxConcurrent,
    Duration maxQueueWait,
    Duration cpuTime,
    int maxProcesses,
    int nice,
    long maxFileSize,
    int maxOpenFiles,
    long tmpfsSize,
    Duration defaultTimeout,
    long defaultMemory,
    int defaultMaxOutput,
    List<Path> extraReadOnlyPaths,
    List<Path> unshareHiddenPaths,
    int statefulMaxLive,
    Duration statefulIdleTimeout,
    Duration statefulStartTimeout) {

  /** How code is isolated; see reference.conf. */
  public enum IsolationMode { AUTO, BWRAP, UNSHARE, NONE }

  public SandboxSettings {
    extraReadOnlyPaths = List.copyOf(extraReadOnlyPaths);
    unshareHiddenPaths = List.copyOf(unshareHiddenPaths);
    require(maxConcurrent > 0, "max-concurrent must be >= 0");
    require(maxProcesses >= 4, "max-processes must be at least 4 (python needs a few)");
    require(nice >= 0 && nice <= 19, "nice must be between 0 and 19");
    require(maxFileSize >= 4096, "max-file-size must be at least 4 KiB");
    require(maxOpenFiles >= 16, "max-open-files must be at least 16");
    require(tmpfsSize >= 1 << 20, "tmpfs-size must be at least 1 MiB");
    require(!cpuTime.isNegative() && !cpuTime.isZero(), "cpu-time must be positive");
    require(defaultMaxOutput >= 256, "default-max-output must be at least 256 bytes");
    require(statefulMaxLive >= 1, "stateful.max-live must be at least 1");
    require(uid > 0 && gid > 0, "uid and gid must not be root (0)");
  }

  /** Reads {@code perennial.sandbox} from {@code config}; a bad value fails here with the key named. */
  public static SandboxSettings from(Config config) {
    Config c = config.getConfig("perennial.sandbox");
    int cores = Runtime.getRuntime().availableProcessors();
    int concurrent = c.getInt("max-concurrent");
    if (concurrent < 0) throw new ConfigException.BadValue("perennial.sandbox.max-concurrent", "must be >= 0");
    String tempRoot = c.getString("temp-root");
    return new SandboxSettings(
        isolation(c.getString("isolation")),
        c.getString("bwrap"),
        c.getString("python"),
        c.getInt("uid"),
        c.getInt("gid"),
        Path.of(tempRoot.isBlank() ? System.getProperty("java.io.tmpdir") : tempRoot),
        concurrent == 0 ? cores : concurrent,
        c.getDuration("max-queue-wait"),
        c.getDuration("cpu-time"),
        c.getInt("max-processes"),
        c.getInt("nice"),
        c.getBytes("max-file-size"),
        c.getInt("max-open-files"),
        c.getBytes("tmpfs-size"),
        c.getDuration("default-timeout"),
        c.getBytes("default-memory"),
        c.getBytes("default-max-output").intValue(),
        c.getStringList("extra-read-only-paths").stream().map(Path::of).toList(),
        c.getStringList("unshare-hidden-paths").stream().map(Path::of).toList(),
        c.getInt("stateful.max-live"),
        c.getDuration("stateful.idle-timeout"),
        c.getDuration("stateful.start-timeout"));
  }

  /** The reference defaults (plus system properties), for tests and benchmarks. */
  public static SandboxSettings defaults() {
    return from(ConfigFactory.load());
  }

  /** A request for {@code source} with this node's default limits. */
  public SandboxRequest request(String source) {
    return new SandboxRequest("python", source, "", defaultTimeout, defaultMemory, defaultMaxOutput);
  }

  /** The defaults with {@code overrides} (HOCON, keys relative to perennial.sandbox) on top. */
  public static SandboxSettings with(String overrides) {
    Config over = ConfigFactory.parseString(overrides).atPath("perennial.sandbox");
    return from(over.withFallback(ConfigFactory.load()));
  }

  private static IsolationMode isolation(String s) {
    try {
      return IsolationMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue("perennial.sandbox.isolation",
          "'" + s + "' is not one of auto, bwrap, unshare, none");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new ConfigException.BadValue("perennial.sandbox", message);
  }
}
