package dev.perennial.runtime.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of {@code runs/<id>/}: the journal (H2 files), the SFT checkpoint and traces list,
 * the learner's checkpoints, the evaluation results and the report. A phase is done when its
 * output exists, which is how a re-run knows where to resume.
 */
public record RunFiles(Path root) {
  public static RunFiles of(Path runsDir, String runId) {
    if (!runId.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("run id '" + runId + "' must be 1-64 letters, digits, '.', '_' or '-'");
    }
    return new RunFiles(runsDir.resolve(runId).toAbsolutePath().normalize());
  }

  public Path data() { return root.resolve("data"); }

  public Path sftDir() { return root.resolve("sft"); }

  /** The SFT output: policy version 0 of the RL phase. */
  public Path sftCheckpoint() { return sftDir().resolve("final"); }

  public Path sftTraces() { return sftDir().resolve("trace-agents.txt"); }

  public Path sftMetrics() { return sftDir().resolve("metrics.csv"); }

  public Path checkpoints() { return root.resolve("checkpoints"); }

  public Path eval(String label) { return root.resolve("eval").resolve(label + ".json"); }

  public Path metrics() { return root.resolve("metrics.csv"); }

  public Path summary() { return root.resolve("summary.json"); }

  public Path ledger() { return root.resolve("ledger.csv"); }

  public Path ledgerAudit() { return root.resolve("ledger-audit.json"); }

  public Path plots() { return root.resolve("plots"); }

  public Path progress() { return root.resolve("progress.json"); }

  /** A counter per phase, so that a phase redone after a crash uses new agent and group ids. */
  public int nextAttempt(String phase) throws IOException {
    Path f = root.resolve("attempts").resolve(phase);
    Files.createDirectories(f.getParent());
    int n = Files.exists(f) ? Integer.parseInt(Files.readString(f).strip()) + 1 : 1;
    Files.writeString(f, Integer.toString(n));
    return n;
  }
}
