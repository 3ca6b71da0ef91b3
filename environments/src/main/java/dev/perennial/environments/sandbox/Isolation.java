package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.util.List;

/**
 * One way of isolating a sandboxed command (bubblewrap, unshare, or none), and how the run
 * directory's files appear inside it. The inner command already carries the resource limits
 * ({@link Limits}); an isolation adds namespaces, the file system view and the drop to the
 * sandbox uid.
 */
sealed interface Isolation permits BwrapIsolation, UnshareIsolation, NoIsolation {
  /** Short name for logs and results: "bwrap", "unshare", "none". */
  String name();

  /** Where the file {@code name} at the top of the run directory appears inside the sandbox. */
  String file(RunDir dir, String name);

  /** Where the run directory's {@code io/} (with the writable capture files) appears inside the sandbox. */
  String io(RunDir dir);

  /** The code's working directory (and HOME, TMPDIR) inside the sandbox. */
  String work(RunDir dir);

  /** The full command line that runs {@code inner} isolated. */
  List<String> command(RunDir dir, List<String> inner);

  /** Makes the run directory usable by the sandbox uid before the process starts. */
  void prepare(RunDir dir) throws IOException;

  /**
   * True when killing the started process is enough to kill everything the code started (a pid
   * namespace whose init dies with it). False means the killer must hunt descendants itself and
   * double-forked daemons that left the process tree can escape.
   */
  boolean killsWholeTree();
}
