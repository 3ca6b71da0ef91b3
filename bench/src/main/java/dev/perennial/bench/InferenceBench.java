package dev.perennial.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.generate.BatchDecoder;
import dev.perennial.learner.generate.DecodeRequest;
import dev.perennial.learner.generate.DecoderSettings;
import dev.perennial.learner.inference.DjlPolicy;
import dev.perennial.learner.inference.InitialPolicy;
import dev.perennial.learner.inference.PolicyServer;
import dev.perennial.learner.inference.PolicyServerSettings;
import dev.perennial.learner.inference.ServerStats;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Inference throughput of the DJL policy, with PyTorch (Debian's python3-torch 1.13) on the same
 * model, weights and shapes in the same run:
 * <ol>
 *   <li>logits parity: DJL vs PyTorch on one sequence of the benchmark checkpoint;</li>
 *   <li>tokens/s through the PolicyServer at 1, 8, 32 and 128 concurrent agents (each sends its
 *       next request as soon as the previous answer arrives), and the ratio to 1 agent;</li>
 *   <li>raw KV-cache decode tokens/s, DJL BatchDecoder vs PyTorch eager, at batch 1, 8 and 32.</li>
 * </ol>
 * Run: {@code bench/run.sh InferenceBench [--seconds S] [--prompt P] [--new N] [--threads T]}; writes
 * {@code bench/results/inference-<time>.json}.
 */
public final class InferenceBench {
  private InferenceBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
    int prompt = Integer.parseInt(opts.getOrDefault("prompt", "128"));
    int fresh = Integer.parseInt(opts.getOrDefault("new", "64"));
    List<Integer> concurrency = ints(opts.getOrDefault("concurrency", "1,8,32,128"));
    List<Integer> batches = ints(opts.getOrDefault("batches", "1,8,32"));
    threads(opts);
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    Path ckpt = Path.of("bench/target/bench-checkpoint");
    try (NDManager base = NDManager.newBaseManager(); PolicyTokenizer tokenizer = PolicyTokenizer.bundled()) {
      ModelConfig config = ModelConfig.from(ConfigFactory.load().getConfig("perennial.learner.model"), tokenizer.size(), List.of(tokenizer.eosId()));
      try (CausalLm model = CausalLm.create(config, base, 1)) {
        Checkpoints.save(model, tokenizer, ckpt, Map.of());
        int threads = JniUtils.getNumThreads();
        describe(out, config, Devices.describe(base.getDevice()), threads, prompt, fresh);
        System.out.printf("model: %,d parameters, %s%n", config.parameterCount(), Devices.describe(base.getDevice()));
        out.set("parity", parity(model, tokenizer, ckpt, threads));

        ArrayNode raw = out.putArray("decode");
        for (int b : batches) {
          double djl = 0, torch = 0;
          for (int round = 0; round < 2; round++) { // alternate so that machine noise hits both
            djl = Math.max(djl, djlDecode(model, config, b, prompt, fresh));
            torch = Math.max(torch, Python.run("decode", ckpt, threads, "--batch", b, "--prompt", prompt, "--new", fresh, "--rounds", 1)
                .get("tokens_per_second").asDouble());
          }
          raw.addObject().put("batch", b).put("djl_tokens_per_second", djl).put("torch_tokens_per_second", torch)
              .put("djl_over_torch", djl / torch);
          System.out.printf("decode batch %3d: DJL %8.1f tok/s  PyTorch %8.1f tok/s  ratio %.2f%n", b, djl, torch, djl / torch);
        }
      }
    }
    out.set("policy_server", serverThroughput(ckpt, concurrency, seconds, prompt, fresh));
    write(out, "inference");
    System.exit(0);
  }

  /** Tokens/s through PolicyServer + DjlPolicy with c agents that each keep one request in flight. */
  static ArrayNode serverThroughput(Path ckpt, List<Integer> concurrency, int seconds, int prompt, int fresh) throws Exception {
    PolicyServerSettings settings = PolicyServerSettings.from(ConfigFactory.load().getConfig("perennial.learner.inference"))
        .withLimits(Math.max(128, concurrency.stream().mapToInt(Integer::intValue).max().orElse(1)), 4096);
    CompletableFuture<ActorRef<PolicyServer.Command>> ref = new CompletableFuture<>();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.setup(ctx -> {
      ref.complete(PolicyServer.spawn(ctx, "policy-server", settings, InitialPolicy.checkpoint(1, ckpt)));
      return Behaviors.empty();
    }), "inference-bench");
    ArrayNode rows = new ObjectMapper().createArrayNode();
    try (PolicyTokenizer tokenizer = PolicyTokenizer.bundled()) {
      ActorRef<PolicyServer.Command> server = ref.get();
      DjlPolicy policy = new DjlPolicy(server, system.scheduler(), Duration.ofMinutes(5));
      double single = 0;
      for (int c : concurrency) {
        AtomicBoolean running = new AtomicBoolean(true);
        List<CompletableFuture<Void>> agents = new ArrayList<>();
        for (int a = 0; a < c; a++) agents.add(agent(policy, tokenizer, a, prompt, fresh, running).toCompletableFuture());
        Thread.sleep(Math.min(5000, seconds * 250L)); // warm-up: batches fill, the JIT settles
        ServerStats before = stats(server, system);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        ServerStats after = stats(server, system);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        running.set(false);
        CompletableFuture.allOf(agents.toArray(CompletableFuture[]::new)).join();
        double tps = (after.generatedTokens() - before.generatedTokens()) / elapsed;
        double steps = after.decodeSteps() - before.decodeSteps();
        if (c == concurrency.get(0)) single = tps;
        rows.addObject().put("agents", c).put("tokens_per_second", tps).put("speedup_vs_first", tps / single)
            .put("mean_batch_size", (after.generatedTokens() - before.generatedTokens()) / Math.max(1, steps))
            .put("mean_queue_millis", after.meanQueueMillis());
        System.out.printf("PolicyServer %3d agents: %8.1f tok/s  (x%.2f vs %d agent%s), %.1f sequences/step, queue %.1f ms%n",
            c, tps, tps / single, concurrency.get(0), concurrency.get(0) == 1 ? "" : "s",
            (after.generatedTokens() - before.generatedTokens()) / Math.max(1, steps), after.meanQueueMillis());
      }
    } finally {
      system.terminate();
    }
    return rows;
  }

  /** One agent: a request, then the next as soon as the answer arrives, until stopped. */
  static CompletionStage<Void> agent(DjlPolicy policy, PolicyTokenizer tokenizer, int id, int prompt, int fresh, AtomicBoolean running) {
    if (!running.get()) return CompletableFuture.completedFuture(null);
    Random random = new Random(id * 7919L + System.nanoTime());
    StringBuilder text = new StringBuilder();
    while (text.length() < prompt) text.append((char) ('a' + random.nextInt(26)));
    GenerationRequest r = new GenerationRequest("a" + id, List.of(new Segment.Injected(text.toString())),
        new SamplingParams(1.0, 1.0, 0, fresh, List.of()), random.nextLong());
    return policy.generate(r).thenCompose(g -> agent(policy, tokenizer, id, prompt, fresh, running));
  }

  static ServerStats stats(ActorRef<PolicyServer.Command> server, ActorSystem<?> system) throws Exception {
    CompletionStage<ServerStats> s = AskPattern.ask(server, PolicyServer.GetStats::new, Duration.ofMinutes(1), system.scheduler());
    return s.toCompletableFuture().get();
  }

  /** B×N tokens from B prompts of length P through the continuous-batching decoder (prefill included). */
  static double djlDecode(CausalLm model, ModelConfig config, int batch, int prompt, int fresh) {
    Random random = new Random(batch);
    List<DecodeRequest> requests = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      int[] p = new int[prompt];
      for (int j = 0; j < prompt; j++) p[j] = 2 + random.nextInt(config.vocabSize() - 2);
      requests.add(new DecodeRequest(i, p, new SamplingParams(1.0, 1.0, 0, fresh, List.of()), i));
    }
    try (PolicyTokenizer tokenizer = PolicyTokenizer.bundled();
         BatchDecoder decoder = new BatchDecoder(model, tokenizer, new DecoderSettings(config.maxPositionEmbeddings(), 1 << 20, Set.of()), 1)) {
      decoder.runToCompletion(requests.subList(0, 1)); // warm-up
      long start = System.nanoTime();
      decoder.runToCompletion(requests);
      return (double) batch * fresh / ((System.nanoTime() - start) / 1e9);
    }
  }

  static ObjectNode parity(CausalLm model, PolicyTokenizer tokenizer, Path ckpt, int threads) throws IOException, InterruptedException {
    int[] tokens = tokenizer.encode("<plan>guess k=0</plan><code lang=\"python\">print(7*3)</code>");
    float[] djl;
    try (NDManager m = model.manager().newSubManager(); NoGrad g = NoGrad.enter()) {
      djl = model.causalLogits(m.create(Arrays.stream(tokens).asLongStream().toArray(), new Shape(1, tokens.length)), false).toFloatArray();
    }
    JsonNode torch = Python.run("logits", ckpt, threads, "--tokens", String.join(",", Arrays.stream(tokens).mapToObj(String::valueOf).toList()))
        .get("logits");
    int v = model.config().vocabSize();
    double worst = 0;
    for (int t = 0; t < tokens.length; t++)
      for (int j = 0; j < v; j++) worst = Math.max(worst, Math.abs(djl[t * v + j] - torch.get(t).get(j).asDouble()));
    System.out.printf("logits parity DJL vs PyTorch over %d tokens: max |diff| = %.2e%n", tokens.length, worst);
    return new ObjectMapper().createObjectNode().put("tokens", tokens.length).put("max_abs_logit_diff", worst);
  }

  static void describe(ObjectNode out, ModelConfig config, String device, int threads, int prompt, int fresh) {
    out.put("time", Instant.now().toString());
    out.put("device", device);
    out.put("threads", threads);
    out.put("parameters", config.parameterCount());
    out.set("config", config.toJson());
    out.put("prompt_tokens", prompt);
    out.put("new_tokens", fresh);
  }

  static void write(ObjectNode out, String name) throws IOException {
    Path dir = Path.of("bench/results");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + "-" + Instant.now().toString().replace(':', '-') + ".json");
    Files.writeString(file, out.toPrettyString());
    System.out.println("wrote " + file);
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    return opts;
  }

  /** Loads the engine and applies {@code --threads N} (PyTorch intra-op threads; the Python side gets the same). */
  static void threads(Map<String, String> opts) {
    ai.djl.engine.Engine.getInstance();
    if (opts.containsKey("threads")) JniUtils.setNumThreads(Integer.parseInt(opts.get("threads")));
  }

  static List<Integer> ints(String csv) { return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList(); }

  /** Runs bench/python/reference.py on Debian's python3-torch (/usr/bin/python3) and parses its JSON line. */
  static final class Python {
    static final String INTERPRETER = "/usr/bin/python3";

    static JsonNode run(String cmd, Path ckpt, int threads, Object... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of(INTERPRETER, "bench/python/reference.py", cmd, ckpt.toString(),
          "--threads", String.valueOf(threads)));
      for (Object a : args) command.add(String.valueOf(a));
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || stdout.isEmpty())
        throw new IOException("PyTorch reference failed (exit " + p.exitValue() + "): " + String.join(" ", command)
            + "\nInstall it with: apt-get install -y python3-torch");
      return new ObjectMapper().readTree(stdout.substring(stdout.lastIndexOf('\n') + 1));
    }
  }
}
