package dev.perennial.learner.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.perennial.learner.checkpoint.Checkpoints;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.Devices;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.loss.Aggregation;
import dev.perennial.learner.train.loss.SftLoss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's one DJL trainer: owns the policy being trained, AdamW state and the learning-rate
 * schedule. A step takes a mini-batch of {@link TrainSequence}s, a {@link TokenLoss} and the
 * aggregation normaliser computed over the whole mini-batch; it runs micro-batches with gradient
 * accumulation (each micro-batch's un-normalised sum × 1/normaliser, so the split never changes the
 * result), clips the global gradient norm itself (DJL's optClipGrad is per element), skips the
 * update and clears gradients when they are not finite, and applies AdamW.
 *
 * <p>Call from one thread at a time, never an Akka default-dispatcher thread: a step blocks for its
 * whole computation, and PyTorch allows one open gradient collector per process.
 */
public final class Trainer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Trainer.class);
  public static final String OPTIMIZER_STATE = "optimizer.safetensors";
  private static final TokenLoss SFT = new SftLoss();

  private final NDManager manager;
  private final CausalLm model;
  private final PolicyTokenizer tokenizer;
  private final TrainerSettings settings;
  private final AdamW optimizer;

  private Trainer(NDManager manager, CausalLm model, PolicyTokenizer tokenizer, TrainerSettings settings) {
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.settings = settings;
    this.optimizer = new AdamW(manager, settings.beta1(), settings.beta2(), settings.epsilon(), settings.weightDecay());
    for (Parameter p : model.namedParameters().values()) p.getArray().setRequiresGradient(true);
    log.info("trainer: {} parameters on {}", model.config().parameterCount(), Devices.describe(manager.getDevice()));
  }

  /** A trainer for a freshly initialised model; takes ownership of {@code tokenizer}. */
  public static Trainer create(ModelConfig config, PolicyTokenizer tokenizer, TrainerSettings settings, long seed) {
    NDManager manager = NDManager.newBaseManager(Devices.select(settings.device()));
    return new Trainer(manager, CausalLm.create(config, manager, seed), tokenizer, settings);
  }

  /** A trainer resuming from a checkpoint directory (weights, tokenizer, and optimizer state if saved). */
  public static Trainer fromCheckpoint(Path dir, TrainerSettings settings) throws IOException {
    NDManager manager = NDManager.newBaseManager(Devices.select(settings.device()));
    try {
      CausalLm model = Checkpoints.load(dir, manager);
      Trainer trainer = new Trainer(manager, model, PolicyTokenizer.load(dir), settings);
      Path state = dir.resolve(OPTIMIZER_STATE);
      if (Files.isRegularFile(state)) OptimizerState.load(trainer.optimizer, model, state);
      return trainer;
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public CausalLm model() { return model; }

  public PolicyTokenizer tokenizer() { return tokenizer; }

  /** Optimizer updates applied so far. */
  public long steps() { return optimizer.steps(); }

  /**
   * One optimizer step on {@code batch}: Σ over micro-batches of {@code loss.weightedSum} / normaliser.
   * {@code normaliser} is the aggregation mode's denominator over the whole mini-batch (e.g. the
   * masked-token count for token-mean).
   */
  public StepMetrics step(List<TrainSequence> batch, TokenLoss loss, double normaliser) {
    if (batch.isEmpty()) throw new IllegalArgumentException("empty mini-batch");
    if (!(normaliser > 0) || Double.isInfinite(normaliser)) throw new IllegalArgumentException("normaliser must be finite and > 0, got " + normaliser);
    int vocab = model.config().vocabSize();
    int maxLength = model.config().maxPositionEmbeddings() + 1;
    long tokens = 0, trained = 0;
    for (TrainSequence s : batch) {
      if (s.length() > maxLength) throw new IllegalArgumentException("a sequence has " + s.length() + " tokens; the model takes " + maxLength);
      for (int t : s.tokens()) if (t < 0 || t >= vocab) throw new IllegalArgumentException("token id " + t + " outside the vocabulary");
      tokens += s.length();
      trained += s.maskedTokens();
    }
    long start = System.nanoTime();
    double lossSum = 0, clipped = 0;
    List<List<TrainSequence>> micro = MicroBatches.split(batch, settings.microBatchSequences(), settings.microBatchTokens());
    for (List<TrainSequence> part : micro) {
      try (NDManager step = manager.newSubManager(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        MicroBatches.Padded p = MicroBatches.pad(part);
        Shape shape = new Shape(p.rows(), p.width());
        NDArray logProbs = targetLogProbs(step, p, shape, true);
        TokenLoss.TokenBatch tb = new TokenLoss.TokenBatch(step.create(p.mask(), shape), step.create(p.behaviour(), shape),
            step.create(p.advantages()), step.create(p.weights()));
        NDArray scaled = loss.weightedSum(logProbs, tb).mul(step.create((float) (1.0 / normaliser)));
        collector.backward(scaled);
        lossSum += scaled.getFloat();
        if (loss instanceof ClipCounting counting) {
          try (NoGrad g = NoGrad.enter()) {
            clipped += counting.clippedTokens(logProbs.stopGradient(), tb).toType(DataType.FLOAT32, false).getFloat();
          }
        }
      }
    }
    return update(batch.size(), tokens, trained, micro.size(), lossSum,
        loss instanceof ClipCounting ? clipped / Math.max(1, trained) : Double.NaN, start);
  }

  /**
   * One optimizer step with the aggregation of the whole mini-batch: each sequence's weight and the
   * normaliser come from {@code aggregation} (built over these sequences, in this order).
   */
  public StepMetrics step(List<TrainSequence> batch, TokenLoss loss, Aggregation aggregation) {
    float[] weights;
    try (NDManager scratch = manager.newSubManager()) {
      weights = aggregation.sequenceWeights(scratch, 0, batch.size(), DataType.FLOAT32).toFloatArray();
    }
    List<TrainSequence> weighted = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) weighted.add(batch.get(i).withWeight(weights[i]));
    return step(weighted, loss, aggregation.normaliser());
  }

  /** A supervised step: masked token-mean cross-entropy ({@link SftLoss}) over the batch. */
  public StepMetrics sftStep(List<TrainSequence> batch) {
    long trained = batch.stream().mapToLong(TrainSequence::maskedTokens).sum();
    if (trained == 0) throw new IllegalArgumentException("no token of the batch is marked for training");
    return step(batch, SFT, trained);
  }

  /** log π_θ(token t | tokens before t) for t ≥ 1 of each sequence, without gradients (entry 0 is 0). */
  public float[][] logProbs(List<int[]> sequences) {
    float[][] out = new float[sequences.size()][];
    try (NoGrad g = NoGrad.enter(); NDManager step = manager.newSubManager()) {
      for (int i = 0; i < sequences.size(); i++) {
        int[] s = sequences.get(i);
        MicroBatches.Padded p = MicroBatches.pad(List.of(TrainSequence.supervised(s, 1)));
        float[] lp = targetLogProbs(step, p, new Shape(1, p.width()), false).toFloatArray();
        out[i] = new float[s.length];
        System.arraycopy(lp, 0, out[i], 1, lp.length);
      }
    }
    return out;
  }

  /** log-probs [rows, width] of each target token under the current weights. */
  private NDArray targetLogProbs(NDManager step, MicroBatches.Padded p, Shape shape, boolean training) {
    NDArray inputs = step.create(p.inputs(), shape);
    NDArray targets = step.create(p.targets(), shape);
    NDArray logits = model.causalLogits(inputs, training);
    return logits.logSoftmax(-1).gather(targets.expandDims(-1), -1).squeeze(-1);
  }

  private StepMetrics update(int sequences, long tokens, long trained, int microBatches, double loss, double clipFraction, long start) {
    Map<String, Parameter> params = model.namedParameters();
    double lr = settings.schedule().at(optimizer.steps() + 1);
    double norm;
    boolean skipped;
    try (NoGrad g = NoGrad.enter(); NDManager step = manager.newSubManager()) {
      NDList squares = new NDList();
      for (Parameter p : params.values()) {
        NDArray grad = p.getArray().getGradient();
        grad.attach(step);
        squares.add(grad.square().sum());
      }
      norm = Math.sqrt(NDArrays.stack(squares).sum().getFloat());
      skipped = !Double.isFinite(norm);
      if (skipped) {
        log.warn("non-finite gradient norm at step {}; update skipped and gradients cleared", optimizer.steps() + 1);
      } else {
        double scale = settings.maxGradNorm() > 0 && norm > settings.maxGradNorm() ? settings.maxGradNorm() / (norm + 1e-6) : 1.0;
        optimizer.update(params, lr, scale, step);
      }
      for (Parameter p : params.values()) JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new StepMetrics(optimizer.steps(), loss, norm, skipped ? 0 : lr, sequences, tokens, trained, microBatches,
        seconds, clipFraction, skipped);
  }

  /** Writes weights, config.json, tokenizer.json and optimizer state into {@code dir}; returns the weights' SHA-256. */
  public String save(Path dir, Map<String, String> metadata) throws IOException {
    String sha = Checkpoints.save(model, tokenizer, dir, metadata);
    OptimizerState.save(optimizer, dir.resolve(OPTIMIZER_STATE));
    return sha;
  }

  @Override
  public void close() {
    tokenizer.close();
    optimizer.close();
    model.close();
    manager.close();
  }
}
