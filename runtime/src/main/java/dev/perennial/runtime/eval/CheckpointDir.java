package dev.perennial.runtime.eval;

import dev.perennial.learner.store.CheckpointStore;
import dev.perennial.learner.store.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the checkpoint a {@code djl:} policy names: a checkpoint directory itself
 * ({@code config.json}, {@code *.safetensors}, {@code tokenizer.json}), or a learner's checkpoints
 * folder ({@code v000001}, {@code v000002}, …) or {@code <that folder>/latest}, meaning its
 * newest complete version (the one with a manifest). Anything else is an error that says what
 * was expected.
 *
 * @param version the policy version (from the manifest; 0 when there is none, e.g. an SFT checkpoint)
 */
public record CheckpointDir(Path dir, long version) {

  public static CheckpointDir resolve(Path given) throws IOException {
    Path p = given.toAbsolutePath().normalize();
    if (isCheckpoint(p)) return new CheckpointDir(p, versionOf(p));
    Path root = p.getFileName() != null && p.getFileName().toString().equals("latest") && !Files.exists(p) ? p.getParent() : p;
    if (root != null && Files.isDirectory(root)) {
      CheckpointStore store = new CheckpointStore(root, 1);
      List<Long> versions = store.versions();
      for (int i = versions.size() - 1; i >= 0; i--) {
        Optional<Manifest> m = store.manifest(versions.get(i));
        if (m.isPresent() && isCheckpoint(store.dirOf(versions.get(i)))) return new CheckpointDir(store.dirOf(versions.get(i)), m.get().version());
      }
      if (!versions.isEmpty()) throw new IOException("no complete checkpoint in " + root + " (versions " + versions + " have no manifest.json)");
    }
    throw new IOException("no checkpoint at " + given + ": expected a directory with config.json, model.safetensors and "
        + "tokenizer.json, or a checkpoints folder with v000001 … (optionally followed by /latest)");
  }

  static boolean isCheckpoint(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve("config.json")) || !Files.isRegularFile(dir.resolve("tokenizer.json"))) return false;
    try (var files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".safetensors"));
    }
  }

  private static long versionOf(Path dir) {
    if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) return 0;
    try {
      return Manifest.read(dir).version();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public String toString() { return dir + " (version " + version + ")"; }
}
