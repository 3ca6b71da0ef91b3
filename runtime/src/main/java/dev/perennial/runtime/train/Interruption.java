package dev.perennial.runtime.train;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ctrl-C for `perennial train`: a JVM shutdown hook that asks the job to stop and waits (up to a
 * grace period) until it has: SFT stops between two steps, RL lets the step being trained commit,
 * then the node runs its coordinated shutdown. Without this the JVM could exit while a PyTorch
 * call is running on another thread. Everything is resumable from the run directory afterwards.
 */
final class Interruption {
  /** Thrown on the job's thread when a stop was requested. */
  static final class Stopped extends RuntimeException {
    Stopped() { super("stopped on request (Ctrl-C)"); }
  }

  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean requested;
  private Thread hook;

  void install(Duration grace) {
    hook = new Thread(() -> {
      requested = true;
      System.err.println("\nperennial train: stopping (the step in progress finishes; re-run the same command to resume) ...");
      try {
        done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "perennial-train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  boolean requested() { return requested; }

  void check() {
    if (requested) throw new Stopped();
  }

  /** Waits for {@code stage}, but gives up with {@link Stopped} as soon as a stop is requested. */
  <T> T await(CompletionStage<T> stage) throws Exception {
    var f = stage.toCompletableFuture();
    while (true) {
      check();
      try {
        return f.get(500, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // poll again
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception x ? x : e;
      }
    }
  }

  /** The job has released everything; the hook may let the JVM exit. */
  void finished() {
    done.countDown();
    try {
      if (!requested && hook != null) Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }
}
