package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fallback when bubblewrap is missing; needs root. {@code unshare} gives new net, pid, mount,
 * ipc and uts namespaces; a root shell inside the new mount namespace then binds the run directory
 * over {@code /tmp} (so {@code /tmp/main.py}, {@code /tmp/io}), mounts a size-capped tmpfs as the
 * working directory {@code /tmp/work} and over the other world-writable places
 * ({@code /var/tmp}, {@code /dev/shm}, {@code /run/lock}), hides the configured paths plus the JVM's
 * working directory and home behind empty, unreadable read-only tmpfs, and finally drops to the sandbox uid
 * with {@code setpriv} (no capabilities, no_new_privs). The forked child is the pid namespace's
 * init and gets SIGKILL when unshare dies ({@code --kill-child}), which ends every process in it.
 * A run with a workspace works in it at {@code /tmp/workspace} (bound read-write) instead of the tmpfs.
 *
 * <p>Gaps compared with bwrap, documented on purpose: the rest of the host file system is visible
 * read-only-by-permission (anything world-readable, e.g. /etc/passwd, can be read; /etc/shadow
 * cannot); any other world-writable directory could be written; and RLIMIT_NPROC counts all
 * sandboxes of the uid together (there is no user namespace), so concurrent sandboxes share the
 * process budget.
 */
final class UnshareIsolation implements Isolation {
  private static final List<String> WRITABLE_ELSEWHERE = List.of("/var/tmp", "/dev/shm", "/run/lock");

  private final Path unshare;
  private final SandboxSettings settings;
  private final List<Path> hidden;

  UnshareIsolation(Path unshare, SandboxSettings settings) {
    this.unshare = unshare;
    this.settings = settings;
    Set<Path> h = new LinkedHashSet<>(settings.unshareHiddenPaths());
    h.add(Path.of(System.getProperty("user.dir")));
    h.add(Path.of(System.getProperty("user.home")));
    this.hidden = h.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  @Override
  public String name() { return "unshare"; }

  @Override
  public String file(RunDir dir, String name) { return "/tmp/" + name; }

  @Override
  public String io(RunDir dir) { return "/tmp/io"; }

  @Override
  public String work(RunDir dir) { return "/tmp/work"; }

  @Override
  public boolean killsWholeTree() { return true; }

  @Override
  public void prepare(RunDir dir) throws IOException {
    dir.giveCaptureFilesTo(settings.uid(), settings.gid());
    dir.giveWorkspaceTo(settings.uid(), settings.gid());
  }

  @Override
  public List<String> command(RunDir dir, List<String> inner) {
    long size = settings.tmpfsSize();
    List<String> script = new ArrayList<>();
    script.add("set -e");
    if (dir.workspace().isPresent()) {
      // the workspace may itself live under /tmp, which the next mount hides: bind it into the run
      // directory first and carry it over with a recursive bind
      script.add("mount --bind " + quote(dir.workspace().get().toString()) + " " + quote(dir.root().resolve("workspace").toString()));
      script.add("mount --rbind " + quote(dir.root().toString()) + " /tmp");
    } else {
      script.add("mount --bind " + quote(dir.root().toString()) + " /tmp");
    }
    script.add("mount -t tmpfs -o size=" + size + ",mode=1777,nosuid,nodev tmpfs /tmp/work");
    long small = Math.max(1 << 20, size / 8);
    for (String w : WRITABLE_ELSEWHERE) {
      if (Files.isDirectory(Path.of(w))) {
        script.add("mount -t tmpfs -o size=" + small + ",mode=1777,nosuid,nodev tmpfs " + w);
      }
    }
    for (Path p : hidden) {
      if (!hideable(p)) continue;
      if (Files.isDirectory(p)) {
        script.add("mount -t tmpfs -o ro,size=4096,mode=0000 tmpfs " + quote(p.toString()));
      } else if (Files.exists(p)) {
        script.add("mount --bind /dev/null " + quote(p.toString()));
      }
    }
    script.add(dir.workspace().isPresent() ? "cd /tmp/workspace" : "cd /tmp/work");
    List<String> drop = new ArrayList<>(List.of(Host.require("setpriv", "util-linux").toString(),
        "--reuid=" + settings.uid(), "--regid=" + settings.gid(), "--clear-groups",
        "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
    drop.addAll(inner);
    // not exec: the root shell stays the namespace's init, so the code is never init itself (init
    // ignores the signals it sends itself, which would change what kill/abort do)
    script.add(drop.stream().map(UnshareIsolation::quote).collect(Collectors.joining(" ")));

    return List.of(unshare.toString(), "--net", "--pid", "--fork", "--kill-child", "--mount",
        "--ipc", "--uts", "--mount-proc", "--", "/bin/sh", "-c", String.join("\n", script));
  }

  /**
   * False for paths already replaced inside the namespace (under /tmp and the other overlaid
   * temp dirs: they do not exist there, so mounting on them would fail) and for paths whose hiding
   * would hide what the sandbox needs (/, /usr, /proc, /dev, /tmp or a parent of them).
   */
  private static boolean hideable(Path p) {
    for (String overlaid : List.of("/tmp", "/var/tmp", "/dev/shm", "/run/lock")) {
      if (p.startsWith(overlaid)) return false;
    }
    for (String needed : List.of("/usr", "/proc", "/dev", "/tmp", "/bin", "/lib", "/lib64", "/etc")) {
      if (Path.of(needed).startsWith(p)) return false;
    }
    return true;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
