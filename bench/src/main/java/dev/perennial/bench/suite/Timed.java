package dev.perennial.bench.suite;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;

/**
 * Wall-clock and process CPU time of one job, and the rates they give. The CPU rate (work per
 * CPU-second of this JVM, all threads) is the steadier figure when other processes compete for the
 * cores; the wall rate is what a user sees.
 */
public record Timed(double seconds, double cpuSeconds, double units) {

  /** A job that starts work and completes when it is done. */
  @FunctionalInterface
  public interface Job {
    CompletableFuture<?> start() throws Exception;
  }

  public static Timed of(Job job) throws Exception {
    double cpu0 = processCpuSeconds();
    long t0 = System.nanoTime();
    job.start().get();
    return new Timed((System.nanoTime() - t0) / 1e9, processCpuSeconds() - cpu0, 1);
  }

  /**
   * A job that runs on the calling thread, timed by that thread's own CPU time (in {@code cpuSeconds}):
   * for single-threaded microbenchmarks the figure other processes on the machine disturb least.
   */
  public static Timed onThisThread(Job job) throws Exception {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    job.start().get();
    return new Timed((System.nanoTime() - t0) / 1e9, (threads.getCurrentThreadCpuTime() - cpu0) / 1e9, 1);
  }

  /** The same times, {@code n} units of work done in them. */
  public Timed per(double n) { return new Timed(seconds, cpuSeconds, n); }

  public double rate() { return units / seconds; }

  public double cpuRate() { return units / Math.max(cpuSeconds, 1e-9); }

  /** CPU time of this process, all threads. */
  public static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }
}
