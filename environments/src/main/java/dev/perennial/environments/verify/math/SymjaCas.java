package dev.perennial.environments.verify.math;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.matheclipse.core.basic.Config;
import org.matheclipse.core.eval.EvalEngine;
import org.matheclipse.core.expression.F;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm Symja CAS shared by every math verifier of the JVM. Symja's {@code EvalEngine} belongs to
 * one thread, so comparisons run on a few worker threads that each own a warm engine; callers on any
 * thread hand them a job and wait at most the time limit. On timeout the job's engine is asked to
 * stop (Symja checks the flag between steps) and the caller gets "undecided"; a worker that does not
 * come back within a grace period is retired and replaced, so a pathological expression can cost a
 * thread but never blocks later callers. Symja's global limits (big-integer bits, AST size,
 * polynomial degree, loop count) are set once so that hostile inputs fail fast inside Symja too.
 */
public final class SymjaCas {
  private static final Logger log = LoggerFactory.getLogger(SymjaCas.class);
  private static final Duration GRACE = Duration.ofMillis(250);
  private static final Duration QUEUE_WAIT = Duration.ofSeconds(30);
  private static final int MAX_RETIRED = 16;
  private static volatile SymjaCas shared;

  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger retired = new AtomicInteger();
  private final AtomicInteger workerIds = new AtomicInteger();
  private final long startupMillis;

  private SymjaCas(int threads) {
    long t0 = System.nanoTime();
    initSymja();
    CountDownLatch warm = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) startWorker(warm);
    try {
      warm.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    startupMillis = (System.nanoTime() - t0) / 1_000_000;
    log.info("Symja CAS ready with {} warm engine(s) in {} ms", threads, startupMillis);
  }

  /** The JVM's CAS; the first call starts it with {@code threads} engines (later values are ignored). */
  public static SymjaCas shared(int threads) {
    SymjaCas s = shared;
    if (s == null) {
      synchronized (SymjaCas.class) {
        if (shared == null) shared = new SymjaCas(Math.max(1, threads));
        s = shared;
      }
    }
    return s;
  }

  /** Time it took to initialise Symja and warm every engine (for benchmarks). */
  public long startupMillis() { return startupMillis; }

  /** Compares two LaTeX expressions within {@code limit}; never throws. */
  public CasVerdict compare(String texA, String texB, Duration limit) {
    Job job = new Job(texA, texB);
    queue.add(job);
    try {
      if (!job.started.await(QUEUE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        job.result.complete(CasVerdict.undecided("CAS busy"));
        return CasVerdict.undecided("CAS busy: no engine free within " + QUEUE_WAIT.toSeconds() + " s");
      }
      return job.result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stop(job);
      return CasVerdict.undecided("CAS time limit of " + limit.toMillis() + " ms exceeded");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(job);
      return CasVerdict.undecided("interrupted");
    } catch (ExecutionException e) {
      return CasVerdict.undecided("CAS failure: " + e.getCause());
    }
  }

  private void stop(Job job) {
    job.result.complete(CasVerdict.undecided("timed out"));
    EvalEngine engine = job.engine.get();
    if (engine != null) engine.setStopRequested(true);
    try {
      if (job.finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Thread stuck = job.thread.get();
    if (stuck != null && stuck.isAlive() && retired.incrementAndGet() <= MAX_RETIRED) {
      log.warn("Symja worker {} did not stop; retiring it and starting a replacement", stuck.getName());
      stuck.interrupt();
      startWorker(null);
    }
  }

  private void startWorker(CountDownLatch warm) {
    Thread t = new Thread(() -> workLoop(warm), "symja-" + workerIds.incrementAndGet());
    t.setDaemon(true);
    t.start();
  }

  private void workLoop(CountDownLatch warm) {
    EvalEngine engine = newEngine();
    engine.evaluate(F.Simplify(F.Subtract(F.Sqr(F.x), F.x)));
    if (warm != null) warm.countDown();
    while (true) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (job.result.isDone()) continue;
      engine.setStopRequested(false);
      job.engine.set(engine);
      job.thread.set(Thread.currentThread());
      job.started.countDown();
      try {
        job.result.complete(SymbolicEquality.compare(engine, job.texA, job.texB));
      } catch (Throwable t) {
        job.result.complete(CasVerdict.undecided("CAS error: " + t.getClass().getSimpleName()));
        if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) throw (VirtualMachineError) t;
      } finally {
        job.thread.set(null);
        job.finished.countDown();
      }
      if (Thread.interrupted()) return;
    }
  }

  private static EvalEngine newEngine() {
    EvalEngine engine = new EvalEngine(true);
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    engine.setOutPrintStream(nowhere);
    engine.setErrorPrintStream(nowhere);
    engine.setQuietMode(true);
    engine.setFileSystemEnabled(false);
    EvalEngine.set(engine);
    return engine;
  }

  private static void initSymja() {
    Config.FILESYSTEM_ENABLED = false;
    Config.JAS_NO_THREADS = true;
    edu.jas.kern.ComputerThreads.NO_THREADS = true;
    Config.MAX_BIT_LENGTH = 200_000;
    Config.MAX_AST_SIZE = 20_000;
    Config.MAX_INPUT_LEAVES = 2_000L;
    Config.MAX_POLYNOMIAL_DEGREE = 500;
    Config.MAX_LOOP_COUNT = 100_000L;
    Config.MAX_OUTPUT_SIZE = 100_000;
    F.initSymbols();
  }

  private static final class Job {
    final String texA;
    final String texB;
    final CompletableFuture<CasVerdict> result = new CompletableFuture<>();
    final AtomicReference<EvalEngine> engine = new AtomicReference<>();
    final AtomicReference<Thread> thread = new AtomicReference<>();
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch finished = new CountDownLatch(1);

    Job(String texA, String texB) {
      this.texA = texA;
      this.texB = texB;
    }
  }
}
