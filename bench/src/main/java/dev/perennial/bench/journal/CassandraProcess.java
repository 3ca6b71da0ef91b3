package dev.perennial.bench.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Cassandra server for the journal benchmark, started and stopped with the project's own
 * {@code scripts/cassandra.sh}, on ports and a data directory of its own so that it never meets a
 * Cassandra someone else runs on this machine. Its CPU time is read from /proc so that a rate per
 * CPU-second can count both processes.
 */
final class CassandraProcess implements AutoCloseable {
  static final int CQL_PORT = 29042;
  private static final Map<String, String> ENV = Map.of(
      "CASSANDRA_CQL_PORT", String.valueOf(CQL_PORT), "CASSANDRA_STORAGE_PORT", "27000", "CASSANDRA_JMX_PORT", "27199",
      "CASSANDRA_DATA", Path.of("bench/target/cassandra").toAbsolutePath().toString(), "CASSANDRA_HEAP", "512m");

  private final long pid;

  private CassandraProcess(long pid) { this.pid = pid; }

  /** Starts the server; empty with the reason printed when it cannot start (the caller skips Cassandra). */
  static Optional<CassandraProcess> start(StringBuilder whyNot) {
    try {
      Result r = script("start", 300);
      if (r.exit() != 0) {
        whyNot.append("scripts/cassandra.sh start failed (exit ").append(r.exit()).append("): ").append(tail(r.output()));
        script("stop", 90);
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(Path.of(ENV.get("CASSANDRA_DATA"), "cassandra.pid")).strip());
      return Optional.of(new CassandraProcess(pid));
    } catch (IOException | InterruptedException | NumberFormatException e) {
      whyNot.append("could not run scripts/cassandra.sh: ").append(e);
      return Optional.empty();
    }
  }

  /** CPU seconds the server has used so far (user + system), from /proc/&lt;pid&gt;/stat. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ = 100)
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")))
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    } catch (IOException | RuntimeException e) {
      // reported as 0
    }
    return 0;
  }

  @Override
  public void close() {
    try {
      script("stop", 90);
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop Cassandra (pid " + pid + "): " + e);
    }
  }

  private record Result(int exit, String output) {}

  private static Result script(String command, int timeoutSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("scripts/cassandra.sh", command).redirectErrorStream(true);
    pb.environment().putAll(ENV);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(124, "timed out after " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String tail(String s) {
    String t = s.strip();
    return t.length() <= 600 ? t : "…" + t.substring(t.length() - 600);
  }
}
