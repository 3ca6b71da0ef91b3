package dev.perennial.environments.sandbox;

import dev.perennial.environments.sandbox.Outcome.KillReason;
import dev.perennial.environments.sandbox.SandboxResult.Status;
import dev.perennial.environments.sandbox.SandboxSettings.IsolationMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs untrusted python in the machine's {@code python3}, isolated by bubblewrap (or the unshare
 * fallback, see {@link SandboxSettings.IsolationMode}), with CPU, wall-clock, memory, process-count,
 * open-file and file-size limits, a stripped environment, a private run directory deleted
 * afterwards, and stdout/stderr capped (middle truncated, with a note). Never throws for anything
 * the code does: every outcome is a {@link SandboxResult}.
 *
 * <p>Two modes: {@link #run} starts a fresh process per call (cold); {@link #runStateful} keeps one
 * interpreter per key (an episode id) whose globals persist between calls until
 * {@link #endSession}. Both count against the node-wide {@link SandboxPermits}, and both are
 * blocking: call them on a blocking dispatcher, and stop a call from another thread with its
 * {@link CancelSignal}.
 *
 * <p>On creation the isolation is chosen and probed once by running a trivial program; when none
 * works, every call returns {@code SANDBOX_FAILURE} with the reason ({@link #unavailableReason()}).
 * One instance per node; {@link #close()} stops its interpreters and its watchdog thread.
 */
public final class PythonSandbox implements CodeRunner, AutoCloseable {
  /** Environment variable every sandboxed process carries (value: {@link #tag()} + "-" + run number). */
  public static final String TAG_VARIABLE = "PERENNIAL_SANDBOX";
  private static final Logger log = LoggerFactory.getLogger(PythonSandbox.class);
  private static final int MAX_SOURCE_BYTES = 1 << 20;

  private final SandboxSettings settings;
  private final SandboxPermits permits;
  private final String tag = "pn" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final ScheduledExecutorService watchdog;
  private final Launcher launcher;
  private final String unavailable;
  private final InterpreterPool interpreters;

  private PythonSandbox(SandboxSettings settings, SandboxPermits permits) {
    this.settings = settings;
    this.permits = permits;
    ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "perennial-sandbox-watchdog");
      t.setDaemon(true);
      return t;
    });
    w.setRemoveOnCancelPolicy(true);
    this.watchdog = w;
    RunDir.sweepStale(settings.tempRoot(), Duration.ofDays(1));
    List<String> failures = new ArrayList<>();
    this.launcher = choose(failures);
    this.unavailable = launcher == null ? String.join("; ", failures) : null;
    this.interpreters = launcher == null ? null : new InterpreterPool(launcher, watchdog);
    if (launcher == null) log.error("python sandbox unavailable: {}", unavailable);
    else log.info("python sandbox: isolation {}, {} concurrent", launcher.isolation().name(), permits.limit());
  }

  /** A sandbox with its own node-wide permits ({@code max-concurrent}). */
  public static PythonSandbox create(SandboxSettings settings) {
    return new PythonSandbox(settings, new SandboxPermits(settings.maxConcurrent()));
  }

  /** A sandbox sharing {@code permits} with the node's other code runners. */
  public static PythonSandbox create(SandboxSettings settings, SandboxPermits permits) {
    return new PythonSandbox(settings, permits);
  }

  public SandboxSettings settings() { return settings; }

  public SandboxPermits permits() { return permits; }

  /** The isolation in use ("bwrap", "unshare", "none"), or empty when no sandbox works here. */
  public Optional<String> isolation() {
    return Optional.ofNullable(launcher).map(l -> l.isolation().name());
  }

  /** Why no sandbox works here, or empty when one does. */
  public Optional<String> unavailableReason() { return Optional.ofNullable(unavailable); }

  /** This instance's prefix of {@link #TAG_VARIABLE} values, for finding its processes in /proc. */
  public String tag() { return tag; }

  /** A request for {@code source} with this node's default limits. */
  public SandboxRequest request(String source) { return settings.request(source); }

  public int liveInterpreters() { return interpreters == null ? 0 : interpreters.live(); }

  @Override
  public SandboxResult run(SandboxRequest request) {
    return run(request, new CancelSignal());
  }

  /** Runs {@code request} in a fresh process; {@code cancel} stops it from another thread. */
  public SandboxResult run(SandboxRequest request, CancelSignal cancel) {
    return withPermit(request, cancel, () -> {
      try (RunDir dir = RunDir.create(settings.tempRoot(), request.workspace())) {
        return runOnce(launcher, dir, request, cancel);
      }
    });
  }

  /**
   * Runs {@code request} in the interpreter kept for {@code sessionKey}, starting it when needed;
   * variables defined by earlier calls with the same key are visible.
   */
  public SandboxResult runStateful(String sessionKey, SandboxRequest request, CancelSignal cancel) {
    return withPermit(request, cancel, () -> interpreters.execute(sessionKey, request, cpuSeconds(request), cancel));
  }

  /** Stops {@code sessionKey}'s interpreter, killing a call still running in it. */
  public void endSession(String sessionKey) {
    if (interpreters != null) interpreters.end(sessionKey);
  }

  @Override
  public void close() {
    if (interpreters != null) interpreters.close();
    watchdog.shutdownNow();
  }

  private interface Body {
    SandboxResult run() throws IOException;
  }

  /**
   * Why code could not work in {@code dir} as a workspace, or empty when it can: the directory must
   * exist and, when code runs as the sandbox uid (the JVM is root), every directory above it must
   * let that uid pass (world-searchable, or owned by it) — a JUnit or home directory often does not.
   */
  public Optional<String> workspaceProblem(java.nio.file.Path dir) {
    java.nio.file.Path abs = dir.toAbsolutePath().normalize();
    if (!java.nio.file.Files.isDirectory(abs)) return Optional.of("the workspace " + dir + " is not a directory");
    if (launcher == null || !Host.isRoot() || launcher.isolation() instanceof UnshareIsolation) return Optional.empty();
    for (java.nio.file.Path p = abs.getParent(); p != null; p = p.getParent()) {
      try {
        var perms = java.nio.file.Files.getPosixFilePermissions(p);
        int owner = (Integer) java.nio.file.Files.getAttribute(p, "unix:uid");
        if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE) && owner != settings.uid()) {
          return Optional.of("the sandbox runs code as uid " + settings.uid() + ", which cannot enter " + p + " ("
              + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ") on the way to the workspace " + abs
              + ": put the workspace where every parent directory is world-searchable (e.g. under /tmp), or chmod o+x " + p);
        }
      } catch (IOException | UnsupportedOperationException e) {
        return Optional.of("cannot check the workspace " + abs + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  private SandboxResult withPermit(SandboxRequest request, CancelSignal cancel, Body body) {
    String invalid = invalid(request);
    if (invalid != null) return SandboxResult.failure(invalid, 0);
    if (launcher == null) return SandboxResult.failure("no sandbox is available on this node: " + unavailable, 0);
    Optional<String> workspace = request.workspace().flatMap(this::workspaceProblem);
    if (workspace.isPresent()) return SandboxResult.failure(workspace.get(), 0);
    SandboxPermits.Permit permit = permits.acquire(settings.maxQueueWait(), cancel);
    if (permit == null) {
      return cancel.isCancelled()
          ? new SandboxResult(Status.KILLED, -1, "", "", 0, 0, "cancelled while waiting for a sandbox slot")
          : SandboxResult.failure("the node is busy: no sandbox slot became free within "
              + Outcome.seconds(settings.maxQueueWait()), settings.maxQueueWait().toMillis());
    }
    try (permit) {
      return body.run().withQueueMillis(permit.queueMillis());
    } catch (IOException | RuntimeException e) {
      log.warn("sandbox failure", e);
      return SandboxResult.failure("sandbox error: " + e.getMessage(), permit.queueMillis());
    }
  }

  private SandboxResult runOnce(Launcher l, RunDir dir, SandboxRequest request, CancelSignal cancel) throws IOException {
    dir.write("main.py", request.source());
    dir.write("stdin", request.stdin());
    Limits limits = Limits.of(settings, request.memoryBytes(), cpuSeconds(request));
    AtomicReference<KillReason> killed = new AtomicReference<>();
    long start = System.nanoTime();
    Process p = l.start(dir, List.of(l.isolation().file(dir, "main.py")), limits, Launcher.Io.FILES);
    cancel.onCancel(() -> {
      killed.compareAndSet(null, KillReason.CANCELLED);
      l.killTree(p);
    });
    try {
      if (!p.waitFor(request.wallTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        killed.compareAndSet(null, KillReason.TIMEOUT);
        l.killTree(p);
      }
      p.waitFor();
    } catch (InterruptedException e) {
      killed.compareAndSet(null, KillReason.CANCELLED);
      l.killTree(p);
      Thread.currentThread().interrupt();
    } finally {
      cancel.clear();
    }
    long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String stdout = CapturedOutput.read(dir.io().resolve("stdout"), request.maxOutputBytes(), "stdout");
    String stderr = CapturedOutput.read(dir.io().resolve("stderr"), request.maxOutputBytes(), "stderr");
    int exit = p.exitValue();
    Outcome.Verdict v = Outcome.of(exit, killed.get(), stderr, request.wallTimeout(), limits);
    return new SandboxResult(v.status(), killed.get() != null ? -1 : exit, stdout, stderr, wall, 0, v.detail());
  }

  /** The CPU limit of one call: the configured one, but never far beyond the wall timeout. */
  private long cpuSeconds(SandboxRequest r) {
    long wall = (r.wallTimeout().toMillis() + 999) / 1000;
    return Math.max(1, Math.min(settings.cpuTime().toSeconds(), wall + 1));
  }

  private static String invalid(SandboxRequest r) {
    if (r == null) return "no request";
    if (r.language() == null || !r.language().toLowerCase(Locale.ROOT).matches("python3?|py")) {
      return "unsupported language '" + r.language() + "' (only python is available)";
    }
    if (r.source() == null) return "no source code";
    if (r.source().length() > MAX_SOURCE_BYTES) return "the code is longer than " + MAX_SOURCE_BYTES + " characters";
    if (r.stdin() == null) return "stdin must not be null (use \"\")";
    if (r.wallTimeout() == null || r.wallTimeout().isNegative() || r.wallTimeout().isZero()
        || r.wallTimeout().compareTo(Duration.ofHours(1)) > 0) {
      return "the wall timeout must be between 1 ms and 1 hour, got " + r.wallTimeout();
    }
    if (r.memoryBytes() < (32L << 20)) return "the memory limit must be at least 32 MiB, got " + r.memoryBytes();
    if (r.maxOutputBytes() < 64) return "the output cap must be at least 64 bytes, got " + r.maxOutputBytes();
    return null;
  }

  /** Picks the first isolation that the mode allows and that runs a trivial program correctly. */
  private Launcher choose(List<String> failures) {
    PythonBinary python;
    try {
      python = PythonBinary.resolve(settings.python());
    } catch (RuntimeException e) {
      failures.add(e.getMessage());
      return null;
    }
    boolean root = Host.isRoot();
    IsolationMode mode = settings.isolation();
    List<Isolation> candidates = new ArrayList<>();
    if (mode == IsolationMode.AUTO || mode == IsolationMode.BWRAP) {
      Optional<java.nio.file.Path> bwrap = Host.which(settings.bwrap());
      if (bwrap.isPresent()) candidates.add(new BwrapIsolation(bwrap.get(), settings, python, root));
      else failures.add("bubblewrap is not installed (apt-get install -y bubblewrap)");
    }
    if (mode == IsolationMode.AUTO || mode == IsolationMode.UNSHARE) {
      Optional<java.nio.file.Path> unshare = Host.which("unshare");
      if (!root) failures.add("the unshare fallback needs the JVM to run as root");
      else if (unshare.isEmpty()) failures.add("unshare is not installed (Debian package util-linux)");
      else candidates.add(new UnshareIsolation(unshare.get(), settings));
    }
    if (mode == IsolationMode.NONE) {
      log.warn("perennial.sandbox.isolation = none: code runs WITHOUT isolation (file system and network visible)");
      candidates.add(new NoIsolation(settings, root));
    }
    if (mode == IsolationMode.AUTO && candidates.isEmpty()) {
      failures.add("set perennial.sandbox.isolation = none only if all code is trusted");
    }
    for (Isolation iso : candidates) {
      String problem = probe(iso, python);
      if (problem == null) return new Launcher(settings, iso, python, tag);
      failures.add(iso.name() + " does not work here: " + problem);
    }
    return null;
  }

  private String probe(Isolation iso, PythonBinary python) {
    try (RunDir dir = RunDir.create(settings.tempRoot())) {
      Launcher l = new Launcher(settings, iso, python, tag);
      SandboxRequest hello = new SandboxRequest("python", "print('ok')", "", Duration.ofSeconds(20), 256L << 20, 4096);
      SandboxResult r = runOnce(l, dir, hello, new CancelSignal());
      return r.ok() && r.stdout().equals("ok\n") ? null : (r.detail() + " " + r.stderr()).strip();
    } catch (IOException | RuntimeException e) {
      return e.getMessage();
    }
  }
}
