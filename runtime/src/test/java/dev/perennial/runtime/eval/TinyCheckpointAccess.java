package dev.perennial.runtime.eval;

import java.nio.file.Path;

/** {@link TinyCheckpoint} for tests in other packages. */
public final class TinyCheckpointAccess {
  private TinyCheckpointAccess() {}

  public static Path write(Path dir, long seed) throws Exception { return TinyCheckpoint.write(dir, seed); }
}
