package dev.perennial.learner.store;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The learner's versioned checkpoint directories, {@code <root>/v000012}. A version is written
 * into a hidden temporary directory (weights, then {@link Manifest} last) and renamed into place
 * in one atomic move, so a crash leaves either nothing or a complete directory, never half of one.
 * Which version is current is not decided here but by the learner's journal: a directory newer
 * than the last committed step is a leftover of a crash and is replaced when that version is
 * written again ({@link #discardAfter}). Keeps the newest {@code keep} committed versions.
 */
public final class CheckpointStore {
  private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{6,})");
  private final Path root;
  private final int keep;

  public CheckpointStore(Path root, int keep) {
    if (keep < 1) throw new IllegalArgumentException("keep-checkpoints must be >= 1, got " + keep);
    this.root = root.toAbsolutePath().normalize();
    this.keep = keep;
  }

  /** Writes the weights and the manifest of a version. */
  @FunctionalInterface
  public interface WeightsWriter {
    /** Writes the weights into {@code dir} and returns their SHA-256. */
    String write(Path dir) throws IOException;
  }

  public Path root() { return root; }

  public Path dirOf(long version) {
    if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
    return root.resolve(String.format("v%06d", version));
  }

  /**
   * Writes version {@code manifest.version()} atomically; an existing directory of that version
   * (an uncommitted leftover) is replaced. The manifest's sha256 is filled in from the writer.
   */
  /** A version moved into place: its directory and manifest. */
  public record Written(Path dir, Manifest manifest) {}

  public Written write(long version, WeightsWriter weights, java.util.function.Function<String, Manifest> manifest) throws IOException {
    Files.createDirectories(root);
    Path tmp = Files.createTempDirectory(root, ".writing-v" + version + "-");
    try {
      String sha = weights.write(tmp);
      Manifest m = manifest.apply(sha);
      if (m.version() != version) throw new IllegalArgumentException("manifest version " + m.version() + " != " + version);
      m.write(tmp);
      Path target = dirOf(version);
      if (Files.exists(target)) deleteTree(target);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the checkpoint directory " + root + " does not support atomic renames", e);
      }
      return new Written(target, m);
    } catch (IOException | RuntimeException e) {
      if (Files.exists(tmp)) deleteTree(tmp);
      throw e;
    }
  }

  /** The manifest of a version, if that version's directory is complete. */
  public Optional<Manifest> manifest(long version) {
    Path dir = dirOf(version);
    if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) return Optional.empty();
    try {
      return Optional.of(Manifest.read(dir));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Versions present, ascending. */
  public List<Long> versions() throws IOException {
    List<Long> out = new ArrayList<>();
    if (!Files.isDirectory(root)) return out;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path d : dirs) {
        Matcher m = VERSION_DIR.matcher(d.getFileName().toString());
        if (m.matches() && Files.isDirectory(d)) out.add(Long.parseLong(m.group(1)));
      }
    }
    out.sort(null);
    return out;
  }

  /** Deletes versions newer than {@code committed} (written, never committed) and temporary directories. */
  public List<Long> discardAfter(long committed) throws IOException {
    List<Long> gone = new ArrayList<>();
    for (long v : versions()) {
      if (v > committed) {
        deleteTree(dirOf(v));
        gone.add(v);
      }
    }
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> tmp = Files.newDirectoryStream(root, ".writing-*")) {
        for (Path t : tmp) deleteTree(t);
      }
    }
    return gone;
  }

  /** Keeps the newest {@code keep} versions up to {@code committed}; deletes older ones. */
  public List<Long> prune(long committed) throws IOException {
    List<Long> upTo = versions().stream().filter(v -> v <= committed).toList();
    List<Long> gone = new ArrayList<>();
    for (int i = 0; i < upTo.size() - keep; i++) {
      deleteTree(dirOf(upTo.get(i)));
      gone.add(upTo.get(i));
    }
    return gone;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) throw exc;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
