package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bubblewrap: new user, pid, mount, net, ipc, uts and cgroup namespaces. The code sees only /usr
 * (and the interpreter's prefix when it lives elsewhere) read-only, a private /proc, a read-only
 * minimal /dev, one size-capped tmpfs at {@code /tmp} (its working directory and HOME; tmpfs pages
 * are RAM, so one tmpfs and not several), a small one at {@code /dev/shm} (multiprocessing needs
 * it), and its run directory
 * at {@code /sandbox} (read-only except the two capture files in {@code /sandbox/io}, whose size
 * RLIMIT_FSIZE caps: nothing the code does can fill the host's disk). No /etc beyond the loader cache and
 * time zone, no home directories, no project data, no network (only a downed loopback).
 *
 * <p>A run with a workspace binds that host directory read-write at {@code /workspace} and starts
 * there (the code's files outlive the run; {@code /tmp} stays the private tmpfs).
 *
 * <p>When the JVM runs as root, bwrap is started through {@code setpriv} as the sandbox uid, so the
 * user namespace maps to an unprivileged host uid and RLIMIT_NPROC is enforced — per sandbox, since
 * each has its own user namespace. The pid namespace's init dies with bwrap
 * ({@code --die-with-parent}), which takes every process the code started with it.
 */
final class BwrapIsolation implements Isolation {
  private static final List<String> TOP_LEVEL = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
  private static final List<String> ETC_FILES = List.of("/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives");

  private final Path bwrap;
  private final SandboxSettings settings;
  private final List<Path> readOnlyRoots;
  private final boolean dropToSandboxUid;

  BwrapIsolation(Path bwrap, SandboxSettings settings, PythonBinary python, boolean dropToSandboxUid) {
    this.bwrap = bwrap;
    this.settings = settings;
    List<Path> roots = new ArrayList<>(python.extraRoots());
    roots.addAll(settings.extraReadOnlyPaths());
    this.readOnlyRoots = List.copyOf(roots);
    this.dropToSandboxUid = dropToSandboxUid;
  }

  @Override
  public String name() { return "bwrap"; }

  @Override
  public String file(RunDir dir, String name) { return "/sandbox/" + name; }

  @Override
  public String io(RunDir dir) { return "/sandbox/io"; }

  @Override
  public String work(RunDir dir) { return "/tmp"; }

  @Override
  public boolean killsWholeTree() { return true; }

  @Override
  public void prepare(RunDir dir) throws IOException {
    if (dropToSandboxUid) {
      dir.giveCaptureFilesTo(settings.uid(), settings.gid());
      dir.giveWorkspaceTo(settings.uid(), settings.gid());
    }
  }

  @Override
  public List<String> command(RunDir dir, List<String> inner) {
    List<String> c = new ArrayList<>();
    if (dropToSandboxUid) {
      c.addAll(List.of(Host.require("setpriv", "util-linux").toString(),
          "--reuid=" + settings.uid(), "--regid=" + settings.gid(), "--clear-groups", "--"));
    }
    c.addAll(List.of(bwrap.toString(),
        "--unshare-all", "--unshare-user", "--disable-userns",
        "--die-with-parent", "--new-session", "--hostname", "sandbox",
        "--ro-bind", "/usr", "/usr"));
    for (String top : TOP_LEVEL) {
      Path p = Path.of("/", top);
      if (Files.isSymbolicLink(p)) {
        try {
          c.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), p.toString()));
        } catch (IOException e) {
          throw new IllegalStateException("cannot read symlink " + p, e);
        }
      } else if (Files.isDirectory(p)) {
        c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
      }
    }
    for (String f : ETC_FILES) c.addAll(List.of("--ro-bind-try", f, f));
    for (Path p : readOnlyRoots) c.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    String size = Long.toString(settings.tmpfsSize());
    c.addAll(List.of(
        "--proc", "/proc", "--dev", "/dev",
        "--size", Long.toString(Math.max(1 << 20, settings.tmpfsSize() / 8)), "--tmpfs", "/dev/shm",
        "--size", size, "--tmpfs", "/tmp",
        "--ro-bind", dir.root().toString(), "/sandbox",
        "--bind", dir.io().resolve("stdout").toString(), "/sandbox/io/stdout",
        "--bind", dir.io().resolve("stderr").toString(), "/sandbox/io/stderr"));
    dir.workspace().ifPresent(w -> c.addAll(List.of("--bind", w.toString(), "/workspace")));
    c.addAll(List.of(
        // bwrap's root and /dev are unbounded tmpfs: read-only, or the code could fill the node's memory
        "--remount-ro", "/",
        "--remount-ro", "/dev",
        "--chdir", dir.workspace().isPresent() ? "/workspace" : "/tmp",
        "--"));
    c.addAll(inner);
    return c;
  }
}
