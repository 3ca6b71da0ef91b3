package dev.perennial.runtime.train;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.expert.Expert;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.sft.ExpertPolicy;
import dev.perennial.learner.sft.SftExamples;
import dev.perennial.learner.sft.SftRun;
import dev.perennial.learner.store.Manifest;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import dev.perennial.runtime.evaluation.AgentEpisodes;
import dev.perennial.runtime.evaluation.PackRunner;
import dev.perennial.runtime.report.CsvTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;

/**
 * The cold start (ReTool-style): real agents walk training packs with the environments' scripted
 * experts as their policy ({@link ExpertPolicy}), so the traces are the agents' own episodes (plan,
 * tool call, interpreter output injected by the runtime, reflection, answer; hints in updates);
 * then supervised training on them with the injected tokens masked out, from a freshly initialised
 * model. The result is written as policy version 0 without optimizer state, so RL starts with a
 * fresh AdamW and its own warm-up.
 */
public final class SftPhase {
  private static final int CHUNK = 64;

  private final TrainNode node;
  private final TrainSettings settings;
  private final RunFiles files;
  private final Interruption stop;

  public SftPhase(TrainNode node, TrainSettings settings, RunFiles files) {
    this(node, settings, files, new Interruption());
  }

  SftPhase(TrainNode node, TrainSettings settings, RunFiles files, Interruption stop) {
    this.node = node;
    this.settings = settings;
    this.files = files;
    this.stop = stop;
  }

  public static ModelConfig modelConfig(TrainNode node) {
    try (PolicyTokenizer t = PolicyTokenizer.bundled()) {
      return ModelConfig.from(node.config().getConfig("perennial.learner.model"), t.size(), List.of(t.eosId()));
    }
  }

  /** Expert traces through real agents; returns their episodes (read back from the journal). */
  public List<EpisodeRecord> traces() throws Exception {
    if (Files.exists(files.sftTraces())) {
      List<String> agents = Files.readAllLines(files.sftTraces()).stream().filter(l -> !l.isBlank()).toList();
      return AgentEpisodes.records(node.system(), agents).toCompletableFuture().join();
    }
    int attempt = files.nextAttempt("sft-traces");
    Map<String, Expert> experts = new HashMap<>();
    List<PackRunner.Assignment> all = new ArrayList<>();
    for (int i = 0; i < settings.sftPacks(); i++) {
      Environment env = node.environments().get(i % node.environments().size());
      Expert expert = env.expert().orElseThrow(() -> new IllegalStateException("environment " + env.name() + " has no expert"));
      Pack pack = env.pack(new PackSpec(1_000_000L + settings.seed() * 10_000 + i, settings.packSize(), Split.TRAIN,
          settings.difficulty(), false));
      String agent = "sft-a" + attempt + "-p" + i;
      experts.put(agent, expert);
      all.add(new PackRunner.Assignment(agent, pack, "sft/a" + attempt + "/p" + i));
    }
    AgentSettings agentSettings = node.agentSettings(null);
    try (PolicyTokenizer tokenizer = PolicyTokenizer.bundled()) {
      ExpertPolicy policy = new ExpertPolicy(r -> Optional.ofNullable(experts.get(agentOf(r))), tokenizer,
          agentSettings.protocol(), agentSettings.prompt().noHintsText(), true);
      try (ProgressBar bar = Bars.of("SFT traces", all.size())) {
        for (int from = 0; from < all.size(); from += CHUNK) {
          List<PackRunner.Assignment> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
          ActorRef<PackRunner.Command> runner = node.spawn(PackRunner.create(chunk, node.deps(policy, agentSettings),
              settings.phaseTimeout()), "sft-traces-" + attempt + "-" + from, Props.empty());
          PackRunner.Finished f = stop.await(AskPattern.<PackRunner.Command, PackRunner.Finished>askWithStatus(runner, PackRunner.Run::new,
              settings.phaseTimeout().plusSeconds(30), node.system().scheduler()));
          if (!f.unfinished().isEmpty()) throw new IllegalStateException("expert agents did not finish: " + f.unfinished());
          bar.stepBy(chunk.size());
        }
      }
    }
    List<String> agents = all.stream().map(PackRunner.Assignment::agentId).toList();
    List<EpisodeRecord> records = AgentEpisodes.records(node.system(), agents).toCompletableFuture().join();
    Files.createDirectories(files.sftDir());
    Files.write(files.sftTraces(), agents);
    return records;
  }

  private static String agentOf(GenerationRequest r) {
    int hash = r.requestId().indexOf('#');
    return hash < 0 ? r.requestId() : r.requestId().substring(0, hash);
  }

  /** Trains from scratch on the traces and writes the SFT checkpoint atomically. */
  void train(List<EpisodeRecord> traces, ModelConfig model) throws IOException {
    SftExamples.Built data = SftExamples.of(traces, model.maxPositionEmbeddings());
    if (data.sequences().isEmpty()) throw new IllegalStateException("the expert traces gave no SFT example");
    TrainerSettings base = TrainerSettings.from(node.config().getConfig("perennial.learner.train"));
    TrainerSettings ts = base.withSchedule(settings.sftSchedule());
    CsvTable csv = new CsvTable(files.sftMetrics(), List.of("step", "loss", "grad_norm", "lr", "tokens", "trained_tokens",
        "seconds", "tokens_per_s"));
    Path tmp = files.sftDir().resolve(".writing-final");
    if (Files.exists(tmp)) deleteTree(tmp);
    try (Trainer trainer = Trainer.create(model, PolicyTokenizer.bundled(), ts, settings.seed());
         ProgressBar bar = Bars.of("SFT steps", settings.sftSteps())) {
      bar.setExtraMessage(data.sequences().size() + " examples");
      SftRun.run(trainer, data.sequences(), settings.sftSteps(), settings.sftBatchSize(), settings.seed(), m -> {
        csv.append(List.of(m.step(), m.loss(), m.gradNorm(), m.learningRate(), m.tokens(), m.trainedTokens(), m.seconds(),
            m.tokensPerSecond()));
        bar.step();
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.3f", m.loss()));
      }, stop::requested);
      stop.check();
      String sha = trainer.save(tmp, Map.of("version", "0", "phase", "sft"));
      // RL starts from these weights with a fresh optimizer (and its own warm-up)
      Files.deleteIfExists(tmp.resolve(Trainer.OPTIMIZER_STATE));
      new Manifest(0, 0, sha, System.currentTimeMillis(), Map.of("phase", "sft", "examples", Integer.toString(data.sequences().size()),
          "steps", Integer.toString(settings.sftSteps())), Map.of()).write(tmp);
    }
    Files.move(tmp, files.sftCheckpoint(), StandardCopyOption.ATOMIC_MOVE);
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
