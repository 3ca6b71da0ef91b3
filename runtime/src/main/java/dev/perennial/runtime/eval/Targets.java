package dev.perennial.runtime.eval;

import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.environments.Environment;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.environments.Split;
import dev.perennial.environments.dataset.DatasetEnvironment;
import dev.perennial.environments.rows.RowBatch;
import dev.perennial.environments.rows.RowIssue;
import dev.perennial.environments.rows.RowParser;
import dev.perennial.environments.rows.RowReader;
import dev.perennial.environments.verify.VerifierRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a run evaluates: built-in environments by name and dataset files (Guru/verl rows, JSONL or
 * Parquet) as environments named {@code file:<stem>} whose packs are rows of the file's
 * evaluation split. Bad rows stop the run before it starts, listed with their row numbers, unless
 * the caller skips them (then a warning says how many were left out).
 *
 * @param registry every environment the agents may meet (built-ins plus the files)
 */
public record Targets(List<Environment> environments, EnvironmentRegistry registry, List<String> warnings) {

  public EnvironmentLookup lookup() { return registry::find; }

  public static Targets resolve(List<String> names, List<Path> datasets, EnvironmentRegistry builtIn, VerifierRegistry verifiers,
      boolean skipBadRows) throws IOException {
    if (names.isEmpty() && datasets.isEmpty()) {
      throw new IllegalArgumentException("nothing to evaluate: name environments (--env " + String.join(",", builtIn.names())
          + ") or dataset files (--dataset rows.jsonl)");
    }
    List<Environment> envs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    EnvironmentRegistry registry = builtIn;
    for (String n : names) {
      Environment e = builtIn.get(n.strip());
      if (envs.contains(e)) throw new IllegalArgumentException("environment '" + n + "' is named twice");
      envs.add(e);
    }
    for (Path file : datasets) {
      DatasetEnvironment env = dataset(file, verifiers, skipBadRows, warnings);
      if (registry.find(env.name()).isPresent()) {
        throw new IllegalArgumentException("two dataset files are both named " + env.name() + "; rename one");
      }
      registry = registry.with(env);
      envs.add(env);
    }
    return new Targets(List.copyOf(envs), registry, List.copyOf(warnings));
  }

  static DatasetEnvironment dataset(Path file, VerifierRegistry verifiers, boolean skipBadRows, List<String> warnings)
      throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("no such dataset file: " + file);
    RowBatch batch = new RowReader(verifiers, RowParser.Mode.TRAINING, false).read(file);
    if (!batch.issues().isEmpty()) {
      String listed = batch.issues().stream().limit(10).map(RowIssue::toString).collect(Collectors.joining("; "))
          + (batch.issues().size() > 10 ? "; … " + (batch.issues().size() - 10) + " more" : "");
      if (!skipBadRows) {
        throw new IllegalArgumentException(file + ": " + batch.issues().size() + " bad row(s): " + listed
            + " (fix them, or set perennial.runtime.eval.skip-bad-rows = on to leave them out)");
      }
      warnings.add(file + ": left out " + batch.issues().size() + " bad row(s): " + listed);
    }
    String stem = file.getFileName().toString().replaceFirst("\\.(jsonl|parquet|json)$", "");
    DatasetEnvironment env = new DatasetEnvironment("file:" + stem, batch.rows(), verifiers);
    if (env.rows(Split.EVAL) == 0) {
      throw new IllegalArgumentException(file + " has no evaluation rows (" + env.rows(Split.TRAIN) + " rows are train "
          + "rows): mark rows extra_info.split = \"test\" to evaluate on them");
    }
    return env;
  }
}
