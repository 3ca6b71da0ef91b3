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
 * Run: {@code bench/run.sh InferenceBench [--seconds S] [--prompt P] [--new N] [--turns K] [--threads T]
 * [--concurrency 1,8,32,128] [--batches 1,8,32] [--torch false]}; writes
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
        if (!opts.getOrDefault("torch", "true").equals("false")) out.set("parity", parity(model, tokenizer, ckpt, threads));

        ArrayNode raw = out.putArray("decode");
        for (int b : opts.getOrDefault("torch", "true").equals("false") ? List.<Integer>of() : batches) {
          Rate djl = Rate.NONE, torch = Rate.NONE;
          for (int round = 0; round < 2; round++) { // alternate so that machine noise hits both
            djl = djl.max(djlDecode(model, config, b, prompt, fresh));
            torch = torch.max(Rate.of(Python.run("decode", ckpt, threads, "--batch", b, "--prompt", prompt, "--new", fresh, "--rounds", 1)));
          }
          raw.addObject().put("batch", b).put("djl_tokens_per_second", djl.wall()).put("torch_tokens_per_second", torch.wall())
              .put("djl_over_torch", djl.wall() / torch.wall()).put("djl_tokens_per_cpu_second", djl.cpu())
              .put("torch_tokens_per_cpu_second", torch.cpu()).put("djl_over_torch_per_cpu_second", djl.cpu() / torch.cpu());
          System.out.printf("decode batch %3d: DJL %8.1f tok/s (%8.1f per CPU-s)  PyTorch %8.1f tok/s (%8.1f per CPU-s)  ratio %.2f (%.2f per CPU-s)%n",
              b, djl.wall(), djl.cpu(), torch.wall(), torch.cpu(), djl.wall() / torch.wall(), djl.cpu() / torch.cpu());
        }
      }
    }
    int turns = Integer.parseInt(opts.getOrDefault("turns", "4"));
    out.set("policy_server_single_turn", serverThroughput(ckpt, concurrency, seconds, prompt, fresh, 1));
    out.set("policy_server_agent_episodes", serverThroughput(ckpt, concurrency, seconds, prompt, fresh, turns));
    write(out, "inference");
    System.exit(0);
  }

  /**
   * Tokens/s through PolicyServer + DjlPolicy with c agents that each keep one request in flight.
   * With {@code turns} = 1 every request is a fresh random prompt; with more, an agent runs
   * episodes as the real ones do: a shared system prompt and its own task, then each turn re-sends
   * the whole context (its earlier answers as generated token ids, plus a tool output).
   */
  static ArrayNode serverThroughput(Path ckpt, List<Integer> concurrency, int seconds, int prompt, int fresh, int turns) throws Exception {
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
      double single = 0, singleCpu = 0;
      for (int c : concurrency) {
        AtomicBoolean running = new AtomicBoolean(true);
        List<CompletableFuture<Void>> agents = new ArrayList<>();
        for (int a = 0; a < c; a++) agents.add(agent(policy, a, prompt, fresh, turns, running).toCompletableFuture());
        Thread.sleep(Math.min(5000, seconds * 250L)); // warm-up: batches fill, the JIT settles
        ServerStats before = stats(server, system);
        long t0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        Thread.sleep(seconds * 1000L);
        ServerStats after = stats(server, system);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        running.set(false);
        CompletableFuture.allOf(agents.toArray(CompletableFuture[]::new)).join();
        double tps = (after.generatedTokens() - before.generatedTokens()) / elapsed;
        double perCpu = (after.generatedTokens() - before.generatedTokens()) / cpu;
        double steps = after.decodeSteps() - before.decodeSteps();
        if (c == concurrency.get(0)) {
          single = tps;
          singleCpu = perCpu;
        }
        double reused = after.prefixTokensReused() - before.prefixTokensReused();
        rows.addObject().put("agents", c).put("turns_per_episode", turns).put("tokens_per_second", tps)
            .put("speedup_vs_first", tps / single).put("tokens_per_cpu_second", perCpu).put("cpu_speedup_vs_first", perCpu / singleCpu)
            .put("mean_batch_size", (after.generatedTokens() - before.generatedTokens()) / Math.max(1, steps))
            .put("mean_queue_millis", after.meanQueueMillis()).put("prefix_tokens_reused_per_second", reused / elapsed);
        System.out.printf("PolicyServer %3d agents, %d turn%s: %8.1f tok/s (x%.2f vs %d), %8.1f tok per CPU-s (x%.2f), %.1f sequences/step, queue %.1f ms, %.0f prefix tok/s reused%n",
            c, turns, turns == 1 ? "" : "s", tps, tps / single, concurrency.get(0), perCpu, perCpu / singleCpu,
            (after.generatedTokens() - before.generatedTokens()) / Math.max(1, steps), after.meanQueueMillis(), reused / elapsed);
      }
    } finally {
      system.terminate();
    }
    return rows;
  }

  /** One agent: episodes of {@code turns} requests, each sent as soon as the previous answer arrives, until stopped. */
  static CompletionStage<Void> agent(DjlPolicy policy, int id, int prompt, int fresh, int turns, AtomicBoolean running) {
    Random random = new Random(id * 7919L + System.nanoTime());
    String system = "You are an agent. Plan, call tools in <code>, reflect, then answer in <answer>.\n".repeat(4);
    StringBuilder task = new StringBuilder(system.substring(0, Math.min(system.length(), prompt / 2)));
    while (task.length() < prompt) task.append((char) ('a' + random.nextInt(26)));
    return turn(policy, id, prompt, List.of(new Segment.Injected(task.toString())), fresh, turns, turns, random, running);
  }

  private static CompletionStage<Void> turn(DjlPolicy policy, int id, int prompt, List<Segment> context, int fresh, int turns,
      int turnsLeft, Random random, AtomicBoolean running) {
    if (!running.get()) return CompletableFuture.completedFuture(null);
    GenerationRequest r = new GenerationRequest("a" + id, context, new SamplingParams(1.0, 1.0, 0, fresh, List.of()), random.nextLong());
    return policy.generate(r).thenCompose(g -> {
      if (turnsLeft <= 1) return agent(policy, id, prompt, fresh, turns, running);
      List<Segment> next = new ArrayList<>(context);
      next.add(new Segment.Generated(g.text(), g.tokenIds()));
      StringBuilder tool = new StringBuilder("\n<interpreter>");
      for (int i = 0; i < 24; i++) tool.append((char) ('0' + random.nextInt(10)));
      next.add(new Segment.Injected(tool.append("</interpreter>\n").toString()));
      return turn(policy, id, prompt, next, fresh, turns, turnsLeft - 1, random, running);
    });
  }

  static ServerStats stats(ActorRef<PolicyServer.Command> server, ActorSystem<?> system) throws Exception {
    CompletionStage<ServerStats> s = AskPattern.ask(server, PolicyServer.GetStats::new, Duration.ofMinutes(1), system.scheduler());
    return s.toCompletableFuture().get();
  }

  /** B×N tokens from B prompts of length P through the continuous-batching decoder (prefill included). */
  static Rate djlDecode(CausalLm model, ModelConfig config, int batch, int prompt, int fresh) {
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
      double cpu = cpuSeconds();
      decoder.runToCompletion(requests);
      return new Rate((double) batch * fresh / ((System.nanoTime() - start) / 1e9), batch * fresh / (cpuSeconds() - cpu));
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

  /** A throughput by wall clock and per CPU-second of the process (robust when the machine is shared). */
  record Rate(double wall, double cpu) {
    static final Rate NONE = new Rate(0, 0);

    static Rate of(JsonNode python) { return new Rate(python.get("tokens_per_second").asDouble(), python.get("tokens_per_cpu_second").asDouble()); }

    Rate max(Rate o) { return new Rate(Math.max(wall, o.wall), Math.max(cpu, o.cpu)); }
  }

  /** CPU time of this process (all threads), seconds. */
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
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
