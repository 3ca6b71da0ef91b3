package dev.perennial.runtime.train;

import com.typesafe.config.Config;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.loop.LearnerStatus;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.store.Manifest;
import dev.perennial.runtime.evaluation.EvalResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * `perennial train` end to end in one JVM: held-out evaluation of the untrained model, the SFT
 * cold start (expert traces through real agents, then supervised training), evaluation after SFT,
 * online RL, evaluation after RL, and the report. Each phase leaves its output under
 * {@code runs/<id>/}; a re-run skips finished phases and resumes RL from the learner's journal and
 * checkpoints, so an interrupted run (Ctrl-C, or a killed JVM) continues where it stopped.
 */
public final class TrainJob {
  private final TrainSettings settings;
  private final Config config;
  private final RunFiles files;
  private final PrintStream out;

  public TrainJob(TrainSettings settings, Config config, RunFiles files, PrintStream out) {
    this.settings = settings;
    this.config = config;
    this.files = files;
    this.out = out;
  }

  public RunFiles files() { return files; }

  /** Runs every phase not yet done; returns the process exit code. */
  public int run() throws Exception {
    Files.createDirectories(files.root());
    Timings timings = Timings.load(files.root().resolve("timings.json"));
    Interruption stop = new Interruption();
    stop.install(java.time.Duration.ofMinutes(3));
    try {
      return run(timings, stop);
    } catch (Interruption.Stopped e) {
      out.printf(Locale.ROOT, "perennial train: stopped; run `perennial train --run-id %s` again to resume%n", files.root().getFileName());
      return 130;
    } finally {
      stop.finished();
    }
  }

  private int run(Timings timings, Interruption stop) throws Exception {
    out.printf(Locale.ROOT, "perennial train: run %s (%s), environments %s%n", files.root().getFileName(), files.root(),
        settings.environments());
    try (TrainNode node = TrainNode.start(config, settings.environments())) {
      ModelConfig model = SftPhase.modelConfig(node);
      String device = Devices.describe(Devices.select(config.getString("perennial.learner.train.device")));
      out.printf(Locale.ROOT, "model: %,d parameters, context %d, on %s%n", model.parameterCount(), model.maxPositionEmbeddings(), device);
      EvalPhase eval = new EvalPhase(node, settings, files, stop);
      if (settings.evalBeforeSft()) {
        timed(timings, "eval-before-sft", () -> eval.run("before-sft", InitialPolicy.fresh(model, settings.seed()), "untrained (seed "
            + settings.seed() + ")"));
      }
      if (!Files.isRegularFile(files.sftCheckpoint().resolve(Manifest.FILE))) {
        SftPhase sft = new SftPhase(node, settings, files, stop);
        var traces = timed(timings, "sft-traces", sft::traces);
        out.printf(Locale.ROOT, "SFT traces: %d episodes from %d expert pack runs%n", traces.size(), settings.sftPacks());
        timed(timings, "sft-train", () -> {
          sft.train(traces, model);
          return null;
        });
      }
      EvalResult afterSft = timed(timings, "eval-after-sft", () -> eval.run("after-sft", InitialPolicy.checkpoint(0, files.sftCheckpoint()),
          "SFT checkpoint " + files.sftCheckpoint()));
      TrainReport report = new TrainReport(node, files);
      Summary summary = new Summary(config, device, timings);
      LearnerStatus last = timed(timings, "rl", () -> new RlPhase(node, settings, files, stop).run(s -> {
        try {
          report.write(summary);
        } catch (Exception e) {
          out.println("could not write the report: " + e.getMessage());
        }
      }));
      Path finalCheckpoint = last.version() == 0 ? files.sftCheckpoint() : Path.of(last.checkpoint());
      EvalResult afterRl = timed(timings, "eval-after-rl", () -> eval.run("after-rl", InitialPolicy.checkpoint(last.version(),
          finalCheckpoint), "RL checkpoint v" + last.version() + " " + finalCheckpoint));
      LedgerAudit audit = report.write(summary);
      out.printf(Locale.ROOT, "held-out success: after SFT %.3f, after RL %.3f (%+.1f points); after RL by position %s%n",
          afterSft.curve().successRate(), afterRl.curve().successRate(),
          100 * (afterRl.curve().successRate() - afterSft.curve().successRate()), positions(afterRl));
      out.printf(Locale.ROOT, "ledger: %d episodes in the journal, %d trained, %d dropped, %d pending, %d lost -> %s%n",
          audit.episodesInJournal(), audit.trained(), audit.dropped(), audit.pending(), audit.lost().size(), audit.ok() ? "ok" : "NOT OK");
      out.printf(Locale.ROOT, "report: %s (%.0f s in all)%n", files.root(), timings.total());
      return audit.ok() ? 0 : 3;
    }
  }

  private static String positions(EvalResult r) {
    StringBuilder b = new StringBuilder();
    r.curve().points().forEach(p -> b.append(String.format(Locale.ROOT, "%d:%.2f ", p.position(), p.successRate())));
    return b.toString().strip();
  }

  @FunctionalInterface
  interface Phase<T> {
    T run() throws Exception;
  }

  private static <T> T timed(Timings timings, String name, Phase<T> phase) throws Exception {
    long start = System.nanoTime();
    try {
      return phase.run();
    } finally {
      timings.add(name, (System.nanoTime() - start) / 1e9);
    }
  }
}
