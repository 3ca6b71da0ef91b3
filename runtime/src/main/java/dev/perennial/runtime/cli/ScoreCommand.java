package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import dev.perennial.environments.rows.ScoreRunner;
import dev.perennial.environments.rows.ScoreSummary;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import dev.perennial.environments.verify.VerifierSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Scores Guru/verl rows that carry a model {@code response} with the six-domain verifiers: one JSON
 * line per input line (score, answer, reason, domain, or an error line), then a summary. This is how
 * users check the verifiers against their own data.
 */
@Command(name = "score", description = "Score model responses in Guru/verl rows (JSONL or Parquet) with the verifiers.")
public final class ScoreCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Option(names = "--input", required = true, description = "rows to score: .jsonl or .parquet")
  Path input;

  @Option(names = "--output", description = "where to write one JSON line per row (default: standard output)")
  Path output;

  @Option(names = "--strict", description = "fail on the first bad row instead of reporting it and going on")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(input)) throw new IllegalArgumentException("no such file: " + input);
    Config config = profile.load();
    try (PythonSandbox sandbox = PythonSandbox.create(SandboxSettings.from(config))) {
      ScoreRunner runner = new ScoreRunner(VerifierRegistry.standard(sandbox, VerifierSettings.from(config)));
      ScoreSummary summary = output == null ? runner.run(input, System.out, strict) : runner.run(input, output, strict);
      System.err.println(summary.render());
      return strict && summary.errors() > 0 ? 1 : 0;
    }
  }
}
