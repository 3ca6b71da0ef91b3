package dev.perennial.environments.sandbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The node-wide cap on sandboxes executing at once, so that a thousand agents cannot fork-bomb a
 * node between them: callers beyond the cap wait in a fair (first come, first served) queue. How
 * long they waited is measured per call ({@link Permit#queueMillis()}) and in aggregate
 * ({@link #stats()}). One instance per node, shared by every code runner on it.
 */
public final class SandboxPermits {
  private static final long POLL_MILLIS = 25;

  private final int limit;
  private final Semaphore semaphore;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong granted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong totalQueueNanos = new AtomicLong();
  private final LongAccumulator maxQueueNanos = new LongAccumulator(Math::max, 0);

  public SandboxPermits(int limit) {
    if (limit < 1) throw new IllegalArgumentException("sandbox permits must be at least 1, got " + limit);
    this.limit = limit;
    this.semaphore = new Semaphore(limit, true);
  }

  /** A held slot; closing it (once or more) gives it back. */
  public final class Permit implements AutoCloseable {
    private final long queueNanos;
    private boolean released;

    private Permit(long queueNanos) { this.queueNanos = queueNanos; }

    public long queueMillis() { return TimeUnit.NANOSECONDS.toMillis(queueNanos); }

    @Override
    public synchronized void close() {
      if (!released) {
        released = true;
        semaphore.release();
      }
    }
  }

  /** Aggregate queueing figures since this node started. */
  public record Stats(int limit, int inUse, int waiting, long granted, long refused,
                      double meanQueueMillis, double maxQueueMillis) {}

  /**
   * Waits for a slot, at most {@code maxWait}, giving up early when {@code cancel} fires (polled,
   * so that cancelling never has to interrupt a thread it does not own).
   *
   * @return the permit, or null when the wait timed out or was cancelled
   */
  public Permit acquire(Duration maxWait, CancelSignal cancel) {
    long start = System.nanoTime();
    long deadline = start + maxWait.toNanos();
    waiting.incrementAndGet();
    try {
      while (!cancel.isCancelled()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        if (semaphore.tryAcquire(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS)) {
          long queued = System.nanoTime() - start;
          granted.incrementAndGet();
          totalQueueNanos.addAndGet(queued);
          maxQueueNanos.accumulate(queued);
          return new Permit(queued);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waiting.decrementAndGet();
    }
    refused.incrementAndGet();
    return null;
  }

  public int limit() { return limit; }

  public Stats stats() {
    long n = granted.get();
    return new Stats(limit, limit - semaphore.availablePermits(), waiting.get(), n, refused.get(),
        n == 0 ? 0 : totalQueueNanos.get() / 1e6 / n, maxQueueNanos.get() / 1e6);
  }
}
