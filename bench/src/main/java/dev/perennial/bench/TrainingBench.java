package dev.perennial.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.LearningRateSchedule;
import dev.perennial.learner.train.StepMetrics;
import dev.perennial.learner.train.TrainSequence;
import dev.perennial.learner.train.Trainer;
import dev.perennial.learner.train.TrainerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training-step throughput of the DJL trainer against PyTorch (Debian's python3-torch 1.13) on the
 * same model, weights and batch shapes, alternating in one run: a full SFT step — forward,
 * log-softmax of the targets, backward, global-norm clip, AdamW — on B random sequences of T tokens.
 * Run: {@code bench/run.sh TrainingBench [--shapes 16x128,8x512] [--steps 10] [--threads N]};
 * writes {@code bench/results/training-<time>.json}.
 */
public final class TrainingBench {
  private TrainingBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = InferenceBench.options(args);
    int steps = Integer.parseInt(opts.getOrDefault("steps", "10"));
    InferenceBench.threads(opts);
    List<int[]> shapes = Arrays.stream(opts.getOrDefault("shapes", "16x128,8x512").split(","))
        .map(s -> new int[] {Integer.parseInt(s.split("x")[0]), Integer.parseInt(s.split("x")[1])}).toList();
    ObjectNode out = new ObjectMapper().createObjectNode();
    Path ckpt = Path.of("bench/target/train-checkpoint");
    PolicyTokenizer tokenizer = PolicyTokenizer.bundled();
    ModelConfig config = ModelConfig.from(ConfigFactory.load().getConfig("perennial.learner.model"), tokenizer.size(), List.of(tokenizer.eosId()));
    TrainerSettings settings = new TrainerSettings(new LearningRateSchedule(1e-4, 0, LearningRateSchedule.Kind.CONSTANT, 0, 0),
        0.01, 0.9, 0.95, 1e-8, 1.0, 1024, 1 << 20, "auto");
    try (Trainer trainer = Trainer.create(config, tokenizer, settings, 1)) {
      trainer.save(ckpt, Map.of());
      int threads = JniUtils.getNumThreads();
      InferenceBench.describe(out, config, Devices.describe(trainer.model().manager().getDevice()), threads, 0, 0);
      System.out.printf("model: %,d parameters, %s%n", config.parameterCount(), Devices.describe(trainer.model().manager().getDevice()));
      ArrayNode rows = out.putArray("train_step");
      for (int[] shape : shapes) {
        InferenceBench.Rate djl = InferenceBench.Rate.NONE, torch = InferenceBench.Rate.NONE;
        for (int round = 0; round < 2; round++) { // alternate so that machine noise hits both
          djl = djl.max(djlTokensPerSecond(trainer, shape[0], shape[1], steps, config.vocabSize()));
          torch = torch.max(InferenceBench.Rate.of(InferenceBench.Python.run("train", ckpt, threads, "--batch", shape[0],
              "--seq", shape[1], "--steps", steps)));
        }
        rows.addObject().put("batch", shape[0]).put("tokens", shape[1]).put("djl_tokens_per_second", djl.wall())
            .put("torch_tokens_per_second", torch.wall()).put("djl_over_torch", djl.wall() / torch.wall())
            .put("djl_tokens_per_cpu_second", djl.cpu()).put("torch_tokens_per_cpu_second", torch.cpu())
            .put("djl_over_torch_per_cpu_second", djl.cpu() / torch.cpu());
        System.out.printf("train step %3d x %4d: DJL %8.1f tok/s (%8.1f per CPU-s)  PyTorch %8.1f tok/s (%8.1f per CPU-s)  ratio %.2f (%.2f per CPU-s)%n",
            shape[0], shape[1], djl.wall(), djl.cpu(), torch.wall(), torch.cpu(), djl.wall() / torch.wall(), djl.cpu() / torch.cpu());
      }
    }
    InferenceBench.write(out, "training");
    System.exit(0);
  }

  /** Median tokens/s (wall and per CPU-second) of {@code steps} SFT steps after two warm-up steps, on random full-length sequences. */
  static InferenceBench.Rate djlTokensPerSecond(Trainer trainer, int batch, int length, int steps, int vocab) {
    Random random = new Random(batch * 31L + length);
    List<Double> seconds = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    for (int s = 0; s < steps + 2; s++) {
      List<TrainSequence> sequences = new ArrayList<>();
      for (int i = 0; i < batch; i++) {
        int[] tokens = new int[length];
        for (int t = 0; t < length; t++) tokens[t] = 2 + random.nextInt(vocab - 2);
        sequences.add(TrainSequence.supervised(tokens, 1));
      }
      long start = System.nanoTime();
      double cpu = InferenceBench.cpuSeconds();
      StepMetrics m = trainer.sftStep(sequences);
      if (m.skipped()) throw new IllegalStateException("benchmark step skipped: non-finite gradient");
      if (s >= 2) {
        seconds.add((System.nanoTime() - start) / 1e9);
        cpus.add(InferenceBench.cpuSeconds() - cpu);
      }
    }
    seconds.sort(Double::compare);
    cpus.sort(Double::compare);
    return new InferenceBench.Rate(batch * length / seconds.get(seconds.size() / 2), batch * length / cpus.get(cpus.size() / 2));
  }
}
