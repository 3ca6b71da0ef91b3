package dev.perennial.runtime.train;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.sft.SftExamples;
import dev.perennial.learner.sft.SftRun;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.evaluation.EvalResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How held-out success grows with SFT steps (to size the default SFT so RL keeps room): one set
 * of expert traces, SFT with checkpoints every {@code every} steps, each evaluated on the held-out
 * packs. Args: runDir steps every [key=value config overrides...].
 */
public final class SftCurveBench {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    int steps = Integer.parseInt(args[1]);
    int every = Integer.parseInt(args[2]);
    java.util.Map<String, Object> o = new java.util.HashMap<>();
    o.put("perennial.persistence.data-dir", dir.resolve("data").toString());
    for (int i = 3; i < args.length; i++) o.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    var config = Profiles.load("local,train", ConfigFactory.parseMap(o));
    TrainSettings s = TrainSettings.from(config);
    RunFiles files = new RunFiles(dir);
    try (TrainNode node = TrainNode.start(config, s.environments())) {
      SftPhase sft = new SftPhase(node, s, files);
      List<EpisodeRecord> traces = sft.traces();
      ModelConfig model = SftPhase.modelConfig(node);
      var data = SftExamples.of(traces, model.maxPositionEmbeddings());
      TrainerSettings ts = TrainerSettings.from(config.getConfig("perennial.learner.train")).withSchedule(s.sftSchedule());
      EvalPhase eval = new EvalPhase(node, s, files);
      long t0 = System.nanoTime();
      try (Trainer trainer = Trainer.create(model, PolicyTokenizer.bundled(), ts, s.seed())) {
        for (int done = 0; done < steps; done += every) {
          var m = SftRun.run(trainer, data.sequences(), every, s.sftBatchSize(), s.seed() + done, x -> {
            if (x.step() % 20 == 0) System.out.printf(Locale.ROOT, "LOSS step %d loss %.3f grad %.2f lr %.5f%n", x.step(), x.loss(), x.gradNorm(), x.learningRate());
          });
          Path ck = dir.resolve("sft-" + (done + every));
          trainer.save(ck, Map.of());
          double loss = m.stream().mapToDouble(x -> x.loss()).average().orElse(0);
          EvalResult r = eval.run("sft-" + (done + every), InitialPolicy.checkpoint(0, ck), "sft " + (done + every));
          StringBuilder pos = new StringBuilder();
          r.curve().points().forEach(p -> pos.append(String.format(Locale.ROOT, " %.2f", p.successRate())));
          System.out.printf(Locale.ROOT, "BENCH step %d loss %.3f success %.3f by position%s hints %.2f | %.0f s%n", done + every, loss,
              r.curve().successRate(), pos, r.curve().hintsParsedRate(), (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }
}
