package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts python in the chosen isolation with the resource limits and a stripped environment, and
 * kills what it started. Every sandboxed process carries {@link PythonSandbox#TAG_VARIABLE} in its
 * environment (this launcher's tag plus a run number) so that leftovers can be found by scanning
 * /proc; the isolations' pid namespaces make sure there are none.
 */
final class Launcher {
  private final SandboxSettings settings;
  private final Isolation isolation;
  private final PythonBinary python;
  private final String prlimit;
  private final String nice;
  private final String tag;
  private final AtomicLong runs = new AtomicLong();

  Launcher(SandboxSettings settings, Isolation isolation, PythonBinary python, String tag) {
    this.settings = settings;
    this.isolation = isolation;
    this.python = python;
    this.prlimit = Host.require("prlimit", "util-linux").toString();
    this.nice = Host.require("nice", "coreutils").toString();
    this.tag = tag;
  }

  Isolation isolation() { return isolation; }

  SandboxSettings settings() { return settings; }

  /** How the redirections of a started process are set up. */
  enum Io { FILES, PIPES }

  /**
   * Starts {@code python -I -B <args>} in {@code dir}: with {@link Io#FILES} stdin comes from
   * {@code dir/stdin} and stdout/stderr go to {@code dir/io/stdout|stderr}; with {@link Io#PIPES}
   * stdin/stdout are pipes (the stateful driver's protocol) and stderr goes to {@code dir/io/boot}.
   */
  Process start(RunDir dir, List<String> pythonArgs, Limits limits, Io io) throws IOException {
    isolation.prepare(dir);
    List<String> inner = new ArrayList<>(List.of(python.executable().toString(), "-I", "-B"));
    inner.addAll(pythonArgs);
    ProcessBuilder pb = new ProcessBuilder(isolation.command(dir, limits.wrap(prlimit, nice, inner)));
    pb.directory(isolation instanceof NoIsolation ? dir.workspace().orElse(dir.work()).toFile() : dir.root().toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    String work = isolation.work(dir);
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", work);
    env.put("TMPDIR", work);
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C.UTF-8");
    // numeric libraries otherwise start a thread per core, each counted against the process limit
    env.put("OMP_NUM_THREADS", "1");
    env.put("OPENBLAS_NUM_THREADS", "1");
    env.put("MKL_NUM_THREADS", "1");
    env.put("MPLBACKEND", "Agg");
    env.put(PythonSandbox.TAG_VARIABLE, tag + "-" + runs.incrementAndGet());
    if (io == Io.FILES) {
      pb.redirectInput(dir.root().resolve("stdin").toFile());
      pb.redirectOutput(dir.io().resolve("stdout").toFile());
      pb.redirectError(dir.io().resolve("stderr").toFile());
    } else {
      pb.redirectError(dir.io().resolve("boot").toFile());
    }
    return pb.start();
  }

  /**
   * SIGKILLs everything below {@code process}, lets it reap them and exit (so that no zombie is left
   * for the host's init to collect, which can take seconds in some containers), then makes sure the
   * top is gone too. In a pid namespace killing its init is enough; the repeated sweep is for
   * isolation "none", where a fork bomb keeps making children.
   */
  void killTree(Process process) {
    List<ProcessHandle> killed = new ArrayList<>();
    for (int round = 0; round < 10; round++) {
      List<ProcessHandle> below = process.descendants().toList();
      below.forEach(ProcessHandle::destroyForcibly);
      killed.addAll(below);
      if (below.isEmpty() || isolation.killsWholeTree()) break;
    }
    try {
      if (killed.isEmpty() || !process.waitFor(200, TimeUnit.MILLISECONDS)) process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      for (ProcessHandle h : killed) {
        while (Host.running(h.pid()) && System.nanoTime() < deadline) Thread.sleep(2);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
