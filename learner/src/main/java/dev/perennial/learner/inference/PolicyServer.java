package dev.perennial.learner.inference;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.checkpoint.WeightsDigest;
import dev.perennial.learner.generate.BatchDecoder;
import dev.perennial.learner.generate.Completion;
import dev.perennial.learner.generate.DecodeRequest;
import dev.perennial.learner.generate.DecoderSettings;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.persistence.CborSerializable;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Batched in-process inference for every agent on a node. Concurrent {@link Generate} requests
 * queue up and are decoded together with continuous batching: between two decode steps finished
 * sequences leave and waiting ones join (up to {@code max-batch-size}); each is answered with its
 * own tokens and behaviour log-probs. The current weights carry a version; {@link LoadPolicy}
 * verifies a checkpoint's SHA-256 off-thread and swaps the weights between two steps. A full queue
 * rejects at once with a retryable error.
 *
 * <p>Runs on its own single-thread dispatcher ({@link PolicyServerSettings#DISPATCHER}): each step
 * message blocks that thread for one forward pass, which is the point — messages that arrive
 * meanwhile are handled before the next step. Spawn it with {@link #spawn}; the parent supervises
 * it. It owns the model and closes it when stopped.
 */
public final class PolicyServer extends AbstractBehavior<PolicyServer.Command> {

  public sealed interface Command extends CborSerializable {}

  /** Continue {@code request}'s context; answered with {@link Generated} or {@link Rejected}. */
  public record Generate(GenerationRequest request, ActorRef<GenerateReply> replyTo) implements Command {}

  /** Swap to the weights at {@code path} (checkpoint directory or .safetensors file) if their SHA-256 is {@code sha256}. */
  public record LoadPolicy(long version, String path, String sha256, ActorRef<LoadReply> replyTo) implements Command {}

  public record GetStats(ActorRef<ServerStats> replyTo) implements Command {}

  private enum Step implements Command { INSTANCE }

  private record WeightsVerified(LoadPolicy request, Throwable failure) implements Command {}

  public sealed interface GenerateReply extends CborSerializable {}

  public record Generated(Generation generation) implements GenerateReply {}

  public record Rejected(String requestId, String reason, boolean retryable) implements GenerateReply {}

  public sealed interface LoadReply extends CborSerializable {}

  public record PolicyLoaded(long version, String sha256) implements LoadReply {}

  public record LoadFailed(long version, String reason) implements LoadReply {}

  public static Behavior<Command> create(PolicyServerSettings settings, InitialPolicy initial) {
    return Behaviors.setup(ctx -> new PolicyServer(ctx, settings, initial));
  }

  /** Spawns the server on its own dispatcher. */
  public static ActorRef<Command> spawn(ActorContext<?> parent, String name, PolicyServerSettings settings, InitialPolicy initial) {
    return parent.spawn(create(settings, initial), name, DispatcherSelector.fromConfig(PolicyServerSettings.DISPATCHER));
  }

  /** A queued or running request. */
  private record Pending(Generate command, int[] prompt, List<int[]> injected, long enqueued, long[] admitted) {}

  private final PolicyServerSettings settings;
  private final NDManager manager;
  private final CausalLm model;
  private final PolicyTokenizer tokenizer;
  private final BatchDecoder decoder;
  private final String device;
  private final Executor blocking;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final StatsWindow window;
  private long version;
  private String sha256 = "";
  private boolean stepScheduled;
  private long completed;
  private long rejected;
  private long generatedTokens;
  private long decodeSteps;

  private PolicyServer(ActorContext<Command> ctx, PolicyServerSettings settings, InitialPolicy initial) throws Exception {
    super(ctx);
    this.settings = settings;
    this.window = new StatsWindow(settings.statsWindow());
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    this.manager = NDManager.newBaseManager(Devices.select(settings.device()));
    JniUtils.setGradMode(false);
    try {
      if (initial.checkpoint() != null) {
        this.tokenizer = PolicyTokenizer.load(initial.checkpoint());
        this.model = Checkpoints.load(initial.checkpoint(), manager);
        this.sha256 = WeightsDigest.sha256(initial.checkpoint());
      } else {
        this.tokenizer = PolicyTokenizer.bundled();
        this.model = CausalLm.create(initial.freshConfig(), manager, initial.seed());
      }
      this.version = initial.version();
      ModelConfig c = model.config();
      int maxContext = settings.maxContext() == 0 ? c.maxPositionEmbeddings() : Math.min(settings.maxContext(), c.maxPositionEmbeddings());
      Set<Integer> eos = new HashSet<>(c.eosTokenIds());
      if (eos.isEmpty() && tokenizer.eosId() >= 0) eos.add(tokenizer.eosId());
      this.decoder = new BatchDecoder(model, tokenizer, new DecoderSettings(maxContext, settings.prefillTokenBudget(), eos,
          prefixTokens(settings.prefixCacheBytes(), c), settings.prefixMinTokens()), version);
    } catch (Exception e) {
      manager.close();
      throw e;
    }
    this.device = Devices.describe(manager.getDevice());
    ctx.getLog().info("PolicyServer: version {}, {} parameters, {}, max batch {}", version, model.config().parameterCount(),
        device, settings.maxBatchSize());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Generate.class, this::onGenerate)
        .onMessageEquals(Step.INSTANCE, this::onStep)
        .onMessage(LoadPolicy.class, this::onLoadPolicy)
        .onMessage(WeightsVerified.class, this::onWeightsVerified)
        .onMessage(GetStats.class, this::onGetStats)
        .onSignal(akka.actor.typed.PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onGenerate(Generate g) {
    GenerationRequest r = g.request();
    String problem = checkParams(r.params());
    List<int[]> injected = new ArrayList<>();
    int[] prompt = new int[0];
    if (problem == null) {
      List<int[]> parts = new ArrayList<>();
      for (Segment s : r.context()) {
        if (s instanceof Segment.Injected in) {
          int[] ids = tokenizer.encode(in.text());
          injected.add(ids);
          parts.add(ids);
        } else if (s instanceof Segment.Generated gen) {
          parts.add(gen.tokenIds());
        }
      }
      prompt = concat(parts);
      problem = decoder.validate(new DecodeRequest(null, prompt, r.params(), r.seed()));
    }
    if (problem != null) {
      reject(g, "request " + r.requestId() + ": " + problem, false);
    } else if (queue.size() >= settings.maxQueue()) {
      reject(g, "policy server queue is full (" + queue.size() + " requests waiting, limit " + settings.maxQueue() + "); retry later", true);
    } else {
      queue.add(new Pending(g, prompt, injected, System.nanoTime(), new long[1]));
      scheduleStep();
    }
    return this;
  }

  private Behavior<Command> onStep() {
    stepScheduled = false;
    try {
      int room = settings.maxBatchSize() - decoder.active();
      if (room > 0 && !queue.isEmpty()) {
        List<DecodeRequest> admit = new ArrayList<>();
        long now = System.nanoTime();
        while (admit.size() < room && !queue.isEmpty()) {
          Pending p = queue.poll();
          p.admitted()[0] = now;
          window.admitted(now, (now - p.enqueued()) / 1e6);
          admit.add(new DecodeRequest(p, p.prompt(), p.command().request().params(), p.command().request().seed()));
        }
        answer(decoder.admit(admit));
      }
      if (decoder.active() > 0) {
        int batch = decoder.active();
        List<Completion> done = decoder.step();
        decodeSteps++;
        generatedTokens += batch;
        window.step(System.nanoTime(), batch, batch);
        answer(done);
      }
      if (queue.isEmpty()) decoder.compactIfSparse();
    } catch (RuntimeException e) {
      getContext().getLog().error("inference step failed; failing the running requests", e);
      for (Completion c : decoder.abortAll()) reject(((Pending) c.tag()).command(), "inference failed: " + e.getMessage(), true);
    }
    if (decoder.active() > 0 || !queue.isEmpty()) scheduleStep();
    return this;
  }

  private void answer(List<Completion> done) {
    long now = System.nanoTime();
    for (Completion c : done) {
      Pending p = (Pending) c.tag();
      Generation generation = new Generation(c.text(), c.tokens(), c.logprobs(), c.reason(), p.injected(), c.firstVersion(),
          (p.admitted()[0] - p.enqueued()) / 1_000_000, (now - p.admitted()[0]) / 1_000_000);
      p.command().replyTo().tell(new Generated(generation));
      completed++;
    }
  }

  private Behavior<Command> onLoadPolicy(LoadPolicy load) {
    if (load.version() == version && load.sha256().equalsIgnoreCase(sha256)) {
      load.replyTo().tell(new PolicyLoaded(version, sha256));
      return this;
    }
    if (load.version() <= version) {
      load.replyTo().tell(new LoadFailed(load.version(), "version " + load.version() + " is not newer than the serving version " + version));
      return this;
    }
    CompletableFuture<Void> verified = CompletableFuture.runAsync(() -> verify(load), blocking);
    getContext().pipeToSelf(verified, (ok, failure) -> new WeightsVerified(load, failure));
    return this;
  }

  /** Off the inference thread: the file's digest and architecture, before any weight is touched. */
  private void verify(LoadPolicy load) {
    try {
      Path path = Path.of(load.path());
      String actual = WeightsDigest.sha256(path);
      if (!actual.equalsIgnoreCase(load.sha256()))
        throw new IllegalArgumentException("SHA-256 of " + path + " is " + actual + ", expected " + load.sha256());
      if (java.nio.file.Files.isDirectory(path)) {
        ModelConfig c = Checkpoints.config(path);
        ModelConfig mine = model.config();
        if (!c.withMaxPositionEmbeddings(mine.maxPositionEmbeddings()).equals(mine))
          throw new IllegalArgumentException("checkpoint architecture " + c + " differs from the serving model " + mine);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Behavior<Command> onWeightsVerified(WeightsVerified v) {
    LoadPolicy load = v.request();
    if (v.failure() != null) {
      Throwable cause = v.failure() instanceof java.util.concurrent.CompletionException && v.failure().getCause() != null ? v.failure().getCause() : v.failure();
      load.replyTo().tell(new LoadFailed(load.version(), cause.getMessage()));
      return this;
    }
    if (load.version() <= version) {
      load.replyTo().tell(new LoadFailed(load.version(), "superseded: version " + version + " was loaded meanwhile"));
      return this;
    }
    try {
      Checkpoints.loadInto(model, Path.of(load.path()));
    } catch (Exception e) {
      load.replyTo().tell(new LoadFailed(load.version(), e.getMessage()));
      return this;
    }
    version = load.version();
    sha256 = load.sha256().toLowerCase();
    decoder.setVersion(version);
    getContext().getLog().info("PolicyServer: now serving version {} from {}", version, load.path());
    load.replyTo().tell(new PolicyLoaded(version, sha256));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats get) {
    long now = System.nanoTime();
    get.replyTo().tell(new ServerStats(version, device, queue.size(), decoder.active(), completed, rejected, generatedTokens,
        decodeSteps, window.tokensPerSecond(now), window.meanBatchSize(now), window.meanQueueMillis(now),
        decoder.prefixHits(), decoder.prefixTokensReused()));
    return this;
  }

  private Behavior<Command> onStop() {
    for (Pending p : queue) reject(p.command(), "policy server stopped", true);
    queue.clear();
    for (Completion c : decoder.abortAll()) reject(((Pending) c.tag()).command(), "policy server stopped", true);
    decoder.close();
    model.close();
    tokenizer.close();
    manager.close();
    return this;
  }

  private void scheduleStep() {
    if (stepScheduled) return;
    stepScheduled = true;
    getContext().getSelf().tell(Step.INSTANCE);
  }

  private void reject(Generate g, String reason, boolean retryable) {
    rejected++;
    g.replyTo().tell(new Rejected(g.request().requestId(), reason, retryable));
  }

  /** How many tokens of keys/values fit in {@code bytes}: layers × (k, v) × kv heads × head dim × 4 bytes each. */
  static int prefixTokens(long bytes, ModelConfig c) {
    long perToken = 2L * c.numHiddenLayers() * c.numKeyValueHeads() * c.headDim() * 4;
    return (int) Math.min(Integer.MAX_VALUE, bytes / perToken);
  }

  private static String checkParams(SamplingParams p) {
    if (!(p.topP() > 0)) return "top_p must be > 0 (>= 1 turns it off), got " + p.topP();
    if (!Double.isFinite(p.temperature())) return "temperature must be finite";
    return null;
  }

  private static int[] concat(List<int[]> parts) {
    int n = 0;
    for (int[] p : parts) n += p.length;
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
