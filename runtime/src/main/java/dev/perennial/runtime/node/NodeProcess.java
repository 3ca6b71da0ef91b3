package dev.perennial.runtime.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@code perennial node} in a child JVM on this machine (same Java, same classpath), for
 * {@code perennial cluster-local} and the multi-JVM tests. Its stdout and stderr go, line by
 * line, to {@code output} (appended) and to an optional listener. Stopped by PID: {@link #terminate}
 * (SIGTERM: coordinated shutdown, leaves the cluster) or {@link #kill} (SIGKILL: a crash).
 */
public final class NodeProcess {
  /**
   * @param args       the {@code perennial node} arguments (--roles, --port, --seed, ...)
   * @param jvmOptions extra JVM flags (-Xmx..., -Dkey=value)
   * @param env        extra environment variables
   */
  public record Spec(String name, List<String> args, List<String> jvmOptions, Map<String, String> env, Path output) {
    public Spec {
      args = List.copyOf(args);
      jvmOptions = List.copyOf(jvmOptions);
      env = Map.copyOf(env);
    }
  }

  private final Spec spec;
  private final Process process;
  private final Thread pump;

  private NodeProcess(Spec spec, Process process, Thread pump) {
    this.spec = spec;
    this.process = process;
    this.pump = pump;
  }

  /** Starts the node; {@code listener} (may be null) sees every output line, on a pump thread. */
  public static NodeProcess start(Spec spec, Consumer<String> listener) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(inheritedProperties());
    command.addAll(spec.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.perennial.runtime.cli.PerennialCli");
    command.add("node");
    command.addAll(spec.args());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(spec.env());
    Process process;
    Writer out;
    try {
      Files.createDirectories(spec.output().toAbsolutePath().getParent());
      out = Files.newBufferedWriter(spec.output(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start node " + spec.name() + ": " + e.getMessage(), e);
    }
    Thread pump = new Thread(() -> copy(process, out, listener), "output-" + spec.name());
    pump.setDaemon(true);
    pump.start();
    return new NodeProcess(spec, process, pump);
  }

  /** System properties a node needs as its parent has them (config overrides, DJL, logging). */
  private static List<String> inheritedProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("perennial.") || key.startsWith("ai.djl.") || key.equals("logback.configurationFile")
          || key.equals("DJL_CACHE_DIR") || key.equals("ENGINE_CACHE_DIR")) {
        props.put(key, System.getProperty(key));
      }
    }
    List<String> out = new ArrayList<>();
    props.forEach((k, v) -> out.add("-D" + k + "=" + v));
    return out;
  }

  private static void copy(Process process, Writer out, Consumer<String> listener) {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); out) {
      for (String line; (line = in.readLine()) != null; ) {
        out.write(line);
        out.write('\n');
        out.flush();
        if (listener != null) listener.accept(line);
      }
    } catch (IOException e) {
      // the stream closes when the process dies
    }
  }

  public Spec spec() { return spec; }

  public String name() { return spec.name(); }

  public long pid() { return process.pid(); }

  public boolean isAlive() { return process.isAlive(); }

  /** SIGKILL: no shutdown hook, no leaving the cluster; returns the exit code (137). */
  public int kill() {
    process.destroyForcibly();
    return await(Duration.ofSeconds(30));
  }

  /** SIGTERM (coordinated shutdown: the node leaves the cluster), then SIGKILL after {@code grace}; returns the exit code. */
  public int terminate(Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    return await(Duration.ofSeconds(30));
  }

  /** Waits for the process to end; its exit code, or -1 when it is still running. */
  public int await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return -1;
      pump.join(2000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
