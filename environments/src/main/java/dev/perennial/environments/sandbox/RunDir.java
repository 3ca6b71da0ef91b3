package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * The host directory of one sandbox run, deleted when the run ends: the code and stdin files the
 * sandbox reads (mode 0644 so the unprivileged sandbox uid can read them through bind mounts), an
 * {@code io/} directory holding the captured stdout and stderr files, and {@code work/}, the
 * working directory when no tmpfs replaces it (isolation "none" only). Layout: {@code <temp-root>/perennial-sandbox/run-XXXX/}.
 * A run may also have a workspace: a host directory outside the run directory that the code uses
 * as its working directory and that outlives the run (it is never deleted here); {@code workspace/}
 * in the run directory is then the mount point the unshare isolation binds it to.
 */
final class RunDir implements AutoCloseable {
  private final Path root;
  private final Optional<Path> workspace;

  private RunDir(Path root, Optional<Path> workspace) {
    this.root = root;
    this.workspace = workspace;
  }

  static RunDir create(Path tempRoot) { return create(tempRoot, Optional.empty()); }

  static RunDir create(Path tempRoot, Optional<Path> workspace) {
    if (workspace.isPresent() && !Files.isDirectory(workspace.get())) {
      throw new UncheckedIOException(new IOException("the workspace " + workspace.get() + " is not a directory"));
    }
    try {
      Path base = tempRoot.resolve("perennial-sandbox");
      Files.createDirectories(base);
      Path root = Files.createTempDirectory(base, "run-");
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createDirectory(root.resolve("io"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      Files.createDirectory(root.resolve("work"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      if (workspace.isPresent()) {
        Files.createDirectory(root.resolve("workspace"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
      RunDir dir = new RunDir(root, workspace.map(p -> p.toAbsolutePath().normalize()));
      for (Path f : dir.captureFiles()) Files.createFile(f);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a sandbox run directory under " + tempRoot, e);
    }
  }

  Path root() { return root; }

  /**
   * Deletes run directories older than {@code age} under {@code tempRoot}: those of a JVM that died
   * before it could clean up (a live run never lasts that long; stateful interpreters are stopped
   * after their idle timeout).
   */
  static void sweepStale(Path tempRoot, java.time.Duration age) {
    Path base = tempRoot.resolve("perennial-sandbox");
    if (!Files.isDirectory(base)) return;
    long cutoff = System.currentTimeMillis() - age.toMillis();
    try (java.util.stream.Stream<Path> runs = Files.list(base)) {
      for (Path p : runs.toList()) {
        if (p.getFileName().toString().startsWith("run-") && Files.getLastModifiedTime(p).toMillis() < cutoff) {
          new RunDir(p, Optional.empty()).close();
        }
      }
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(RunDir.class).warn("could not sweep stale sandbox directories in {}: {}", base, e.toString());
    }
  }

  Path io() { return root.resolve("io"); }

  Path work() { return root.resolve("work"); }

  /** The host directory the code works in, when this run has one. */
  Optional<Path> workspace() { return workspace; }

  /** Hands the workspace (the directory itself, not what is in it) to the sandbox uid, so the code can write there. */
  void giveWorkspaceTo(int uid, int gid) throws IOException {
    if (workspace.isPresent()) giveTo(workspace.get(), uid, gid);
  }

  /**
   * {@code io/stdout} and {@code io/stderr}: the only host files the code may write (each capped by
   * RLIMIT_FSIZE). The {@code io/} directory itself stays root's, so no other file can be created
   * on the host's disk.
   */
  List<Path> captureFiles() { return List.of(io().resolve("stdout"), io().resolve("stderr")); }

  /** Hands the capture files to the sandbox uid (for the stateful driver, which opens them by path). */
  void giveCaptureFilesTo(int uid, int gid) throws IOException {
    for (Path f : captureFiles()) giveTo(f, uid, gid);
  }

  /** Writes a world-readable file at the top of the run directory. */
  Path write(String name, String content) throws IOException {
    Path p = root.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    return p;
  }

  /** Hands {@code dir} to the sandbox uid so that code running as it can write there. */
  static void giveTo(Path dir, int uid, int gid) throws IOException {
    Files.setAttribute(dir, "unix:uid", uid);
    Files.setAttribute(dir, "unix:gid", gid);
  }

  /** Deletes the directory tree; files the sandbox left (even read-only ones) go too. */
  @Override
  public void close() {
    if (!Files.exists(root)) return;
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(RunDir.class).warn("could not delete sandbox run directory {}: {}", root, e.toString());
    }
  }
}
