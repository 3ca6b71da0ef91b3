package dev.perennial.runtime.eval;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The folder of one eval or Ralph run ({@code evals/<id>/}, {@code ralph/<id>/}): its own journal
 * under {@code data/} (so a run's agents never meet another run's, and re-running the id resumes
 * from that journal), {@code spec.json}, {@code results.jsonl}, {@code summary.json},
 * {@code summary.md} and {@code plots/}.
 */
public record RunDir(Path root) {
  public static RunDir of(Path parent, String id) {
    if (id == null || !id.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("run id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return new RunDir(parent.resolve(id).toAbsolutePath().normalize());
  }

  /**
   * Loads the configuration twice: once to find where runs go ({@code dirKey}), then with the
   * journal pointed at this run's {@code data/} (the H2 URL is resolved from the data dir, so it
   * must be set before the configuration is resolved).
   *
   * @param loader resolves a configuration with the given overrides on top (profiles, reference.conf)
   */
  public static Config load(Function<Map<String, Object>, Config> loader, Map<String, Object> overrides, String dirKey, String id) {
    Config first = loader.apply(overrides);
    RunDir dir = of(Path.of(first.getString(dirKey)), id);
    Map<String, Object> withJournal = new HashMap<>(overrides);
    withJournal.put("perennial.persistence.data-dir", dir.data().toString());
    return loader.apply(withJournal);
  }

  public Path data() { return root.resolve("data"); }

  public Path spec() { return root.resolve("spec.json"); }

  public Path results() { return root.resolve("results.jsonl"); }

  public Path summaryJson() { return root.resolve("summary.json"); }

  public Path summaryMarkdown() { return root.resolve("summary.md"); }

  public Path plots() { return root.resolve("plots"); }

  public String id() { return root.getFileName().toString(); }

  /** Writes {@code text} to {@code file} through a temporary file and an atomic rename. */
  public static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
