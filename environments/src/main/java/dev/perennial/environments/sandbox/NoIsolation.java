package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * No isolation: the limits, the stripped environment and the private run directory only, with a
 * drop to the sandbox uid when the JVM is root. The code sees the host's file system and network,
 * and daemons that double-fork out of the process tree can survive a kill. Only ever used when
 * {@code perennial.sandbox.isolation = none} is set explicitly, for trusted code.
 */
final class NoIsolation implements Isolation {
  private final SandboxSettings settings;
  private final boolean dropToSandboxUid;

  NoIsolation(SandboxSettings settings, boolean dropToSandboxUid) {
    this.settings = settings;
    this.dropToSandboxUid = dropToSandboxUid;
  }

  @Override
  public String name() { return "none"; }

  @Override
  public String file(RunDir dir, String name) { return dir.root().resolve(name).toString(); }

  @Override
  public String io(RunDir dir) { return dir.io().toString(); }

  @Override
  public String work(RunDir dir) { return dir.work().toString(); }

  @Override
  public boolean killsWholeTree() { return false; }

  @Override
  public void prepare(RunDir dir) throws IOException {
    if (dropToSandboxUid) {
      dir.giveCaptureFilesTo(settings.uid(), settings.gid());
      RunDir.giveTo(dir.work(), settings.uid(), settings.gid());
      dir.giveWorkspaceTo(settings.uid(), settings.gid());
    }
  }

  @Override
  public List<String> command(RunDir dir, List<String> inner) {
    List<String> c = new ArrayList<>();
    if (dropToSandboxUid) {
      c.addAll(List.of(Host.require("setpriv", "util-linux").toString(),
          "--reuid=" + settings.uid(), "--regid=" + settings.gid(), "--clear-groups", "--no-new-privs", "--"));
    }
    c.addAll(inner);
    return c;
  }
}
