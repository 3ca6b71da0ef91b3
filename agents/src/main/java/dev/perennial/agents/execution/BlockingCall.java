package dev.perennial.agents.execution;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a blocking call on a dedicated executor and remembers the thread running it, so a timeout
 * can interrupt it (a {@code CompletableFuture} cannot), in addition to the tool's own cancel.
 */
final class BlockingCall<T> {
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final AtomicReference<Thread> runner = new AtomicReference<>();

  private BlockingCall() {}

  static <T> BlockingCall<T> start(Executor executor, Callable<T> body) {
    BlockingCall<T> call = new BlockingCall<>();
    try {
      executor.execute(() -> call.run(body));
    } catch (RuntimeException rejected) {
      call.result.completeExceptionally(rejected);
    }
    return call;
  }

  private void run(Callable<T> body) {
    runner.set(Thread.currentThread());
    try {
      result.complete(body.call());
    } catch (Throwable t) {
      result.completeExceptionally(t);
    } finally {
      runner.set(null);
      Thread.interrupted(); // do not hand a set interrupt flag to the pool's next task
    }
  }

  CompletionStage<T> result() { return result; }

  /** Interrupts the thread if the call is still running. */
  void interrupt() {
    Thread t = runner.get();
    if (t != null) t.interrupt();
  }
}
