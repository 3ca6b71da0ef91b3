package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The node's stateful interpreters, one per key (an episode id). Calls for one key run one at a
 * time. At most {@code stateful.max-live} interpreters live at once (the least recently used idle
 * one is stopped to make room) and one idle longer than {@code stateful.idle-timeout} is stopped,
 * so episodes that never end cleanly cannot pile up processes. When a key's interpreter was
 * stopped that way, its next call says so: the model must not rely on variables it no longer has.
 */
final class InterpreterPool implements AutoCloseable {
  private final Launcher launcher;
  private final ScheduledExecutorService watchdog;
  private final SandboxSettings settings;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile PythonSession session;
    volatile long lastUsedNanos = System.nanoTime();
    volatile String notice = "";
    volatile boolean closed;
  }

  InterpreterPool(Launcher launcher, ScheduledExecutorService watchdog) {
    this.launcher = launcher;
    this.watchdog = watchdog;
    this.settings = launcher.settings();
    long sweep = Math.max(1000, Math.min(30_000, settings.statefulIdleTimeout().toMillis() / 2));
    watchdog.scheduleWithFixedDelay(this::stopIdle, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code request} in {@code key}'s interpreter, starting one when there is none. */
  SandboxResult execute(String key, SandboxRequest request, long cpuSeconds, CancelSignal cancel) {
    while (true) {
      Slot slot = slots.computeIfAbsent(key, k -> new Slot());
      slot.lock.lock();
      try {
        if (slot.closed) continue; // ended concurrently: use a fresh slot
        slot.lastUsedNanos = System.nanoTime();
        if (slot.session == null || !slot.session.alive()) {
          if (slot.session != null) slot.session.close();
          slot.session = null;
          makeRoom(slot);
          slot.session = PythonSession.start(launcher, watchdog, request.memoryBytes(), settings.statefulStartTimeout(),
              request.workspace());
        }
        SandboxResult r = slot.session.execute(request, cpuSeconds, cancel);
        if (!slot.session.alive()) {
          slot.session.close();
          slot.session = null;
        }
        slot.lastUsedNanos = System.nanoTime();
        String notice = slot.notice;
        slot.notice = "";
        return notice.isEmpty() ? r : new SandboxResult(r.status(), r.exitCode(), r.stdout(),
            "[" + notice + "]\n" + r.stderr(), r.wallMillis(), r.queueMillis(), r.detail());
      } catch (IOException e) {
        return SandboxResult.failure(e.getMessage(), 0);
      } finally {
        slot.lock.unlock();
      }
    }
  }

  /** Stops {@code key}'s interpreter (and a call running in it) and forgets the key. */
  void end(String key) {
    Slot slot = slots.remove(key);
    if (slot == null) return;
    slot.closed = true;
    PythonSession s = slot.session;
    if (s != null) s.kill(Outcome.KillReason.CANCELLED);
    slot.lock.lock();
    try {
      if (slot.session != null) slot.session.close();
      slot.session = null;
    } finally {
      slot.lock.unlock();
    }
  }

  int live() {
    return (int) slots.values().stream().filter(s -> s.session != null).count();
  }

  private void makeRoom(Slot forWhom) {
    while (live() >= settings.statefulMaxLive()) {
      Optional<Slot> victim = slots.values().stream()
          .filter(s -> s != forWhom && s.session != null)
          .min(Comparator.comparingLong(s -> s.lastUsedNanos));
      if (victim.isEmpty() || !stop(victim.get(), "the interpreter was stopped to make room for other episodes; "
          + "variables from earlier calls are gone")) {
        return;
      }
    }
  }

  private void stopIdle() {
    long limit = settings.statefulIdleTimeout().toNanos();
    long now = System.nanoTime();
    for (Slot s : slots.values()) {
      if (s.session != null && now - s.lastUsedNanos > limit) {
        stop(s, "the interpreter was stopped after being idle for " + Outcome.seconds(settings.statefulIdleTimeout())
            + "; variables from earlier calls are gone");
      }
    }
  }

  /** Stops an idle slot's interpreter; false when the slot is busy. */
  private static boolean stop(Slot s, String notice) {
    if (!s.lock.tryLock()) return false;
    try {
      if (s.session == null) return true;
      s.session.close();
      s.session = null;
      s.notice = notice;
      return true;
    } finally {
      s.lock.unlock();
    }
  }

  @Override
  public void close() {
    slots.keySet().forEach(this::end);
  }

}
