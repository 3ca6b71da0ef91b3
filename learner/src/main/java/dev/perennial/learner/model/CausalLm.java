package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoder-only transformer shaped like Qwen2/Llama: token embedding, N pre-norm layers (RMSNorm,
 * rotary grouped-query attention, SwiGLU), a final RMSNorm and a head tied to the embedding or not.
 * Parameters carry Hugging Face names ({@link #namedParameters()}), so checkpoints move between
 * this block and {@code transformers} unchanged.
 *
 * <p>One forward entry point serves training (full sequences, causal mask, no cache), batched
 * prefill (left-padded prompts into a fresh cache) and decoding (one token per row against the
 * cache). Results live in the manager of the input tokens; pass a sub-manager per step.
 */
public final class CausalLm extends AbstractBlock implements AutoCloseable {
  private final ModelConfig config;
  private final Parameter embedTokens;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final RmsNorm norm;
  private final Linear lmHead;
  private final RotaryEmbedding rope;
  private final NDManager manager;
  private final ParameterStore store;
  private final Map<String, Parameter> named = new LinkedHashMap<>();

  private CausalLm(ModelConfig config, NDManager parent) {
    this.config = config;
    this.manager = parent.newSubManager();
    this.rope = new RotaryEmbedding(manager, config.headDim(), config.ropeTheta(), config.maxPositionEmbeddings());
    this.embedTokens = addParameter(Parameter.builder().setName("embed_tokens").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.vocabSize(), config.hiddenSize())).build());
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      layers.add(addChildBlock("layer" + i, new DecoderLayer(config, i, rope)));
    }
    this.norm = addChildBlock("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
    this.lmHead = config.tieWordEmbeddings() ? null
        : addChildBlock("lm_head", Linear.builder().setUnits(config.vocabSize()).optBias(false).build());
    this.store = new ParameterStore(manager, false);
  }

  /**
   * A model with freshly initialised weights: normal(0, 0.02) matrices (output projections scaled by
   * 1/√(2·layers)), unit norms, zero biases, drawn from {@code seed} in Java so that the same seed
   * gives the same weights on every device.
   */
  public static CausalLm create(ModelConfig config, NDManager parent, long seed) {
    CausalLm model = empty(config, parent);
    WeightInit.apply(model, seed);
    return model;
  }

  /** A model whose weights are all zero, to be filled from a checkpoint (no random draws: large models load fast). */
  public static CausalLm empty(ModelConfig config, NDManager parent) {
    CausalLm model = new CausalLm(config, parent);
    model.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, p -> true);
    model.initialize(model.manager, DataType.FLOAT32, new Shape(1, 1));
    model.indexParameters();
    return model;
  }

  public ModelConfig config() { return config; }

  public NDManager manager() { return manager; }

  /** Parameters by Hugging Face name, in a stable order. */
  public Map<String, Parameter> namedParameters() { return Collections.unmodifiableMap(named); }

  /**
   * Hidden states [B, T, H] for {@code tokens} [B, T] (int64) at {@code positions} [B, T] (int64).
   * {@code mask} is additive, [B|1, T, S] where S counts the cache window plus T; with a
   * {@code cache} the new keys/values are appended to it (the caller advances it afterwards).
   */
  public NDArray forward(NDArray tokens, NDArray positions, NDArray mask, KvCache cache, boolean training) {
    NDManager m = tokens.getManager();
    NDArray[] cs = rope.at(positions);
    Shape ms = mask.getShape();
    NDArray mask5 = mask.reshape(ms.get(0), 1, 1, ms.get(1), ms.get(2));
    ForwardContext ctx = new ForwardContext(cs[0], cs[1], mask5, cache,
        m.create((float) config.rmsNormEps()), m.create((float) (1.0 / Math.sqrt(config.headDim()))));
    NDArray weight = store.getValue(embedTokens, tokens.getDevice(), training);
    NDArray x = tokens.getNDArrayInternal().embedding(tokens, weight, SparseFormat.DENSE).singletonOrThrow();
    for (DecoderLayer layer : layers) x = layer.apply(store, x, ctx, training);
    return norm.apply(store, x, ctx.epsilon(), training);
  }

  /** Logits [.., V] from hidden states [.., H]. */
  public NDArray logits(NDArray hidden, boolean training) {
    if (lmHead != null) return lmHead.forward(store, new NDList(hidden), training).singletonOrThrow();
    NDArray weight = store.getValue(embedTokens, hidden.getDevice(), training);
    return hidden.getNDArrayInternal().linear(hidden, weight, null).singletonOrThrow();
  }

  /** Full-sequence logits [B, T, V] with a causal mask, positions 0..T-1 (right padding is harmless). */
  public NDArray causalLogits(NDArray tokens, boolean training) {
    NDManager m = tokens.getManager();
    int t = (int) tokens.getShape().get(1);
    NDArray positions = Masks.positions(m, (int) tokens.getShape().get(0), t);
    return logits(forward(tokens, positions, Masks.causal(m, t), null, training), training);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(causalLogits(inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), config.vocabSize())};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
    Shape hidden = new Shape(1, 1, config.hiddenSize());
    for (DecoderLayer layer : layers) layer.initialize(m, dataType, hidden);
    norm.initialize(m, dataType, hidden);
    if (lmHead != null) lmHead.initialize(m, dataType, new Shape(1, config.hiddenSize()));
  }

  private void indexParameters() {
    named.put("model.embed_tokens.weight", embedTokens);
    for (int i = 0; i < layers.size(); i++) {
      DecoderLayer l = layers.get(i);
      String p = "model.layers." + i + ".";
      named.put(p + "input_layernorm.weight", l.inputNorm().weight());
      putLinear(p + "self_attn.q_proj", l.attention().qProj());
      putLinear(p + "self_attn.k_proj", l.attention().kProj());
      putLinear(p + "self_attn.v_proj", l.attention().vProj());
      putLinear(p + "self_attn.o_proj", l.attention().oProj());
      named.put(p + "post_attention_layernorm.weight", l.postAttentionNorm().weight());
      putLinear(p + "mlp.gate_proj", l.mlp().gateProj());
      putLinear(p + "mlp.up_proj", l.mlp().upProj());
      putLinear(p + "mlp.down_proj", l.mlp().downProj());
    }
    named.put("model.norm.weight", norm.weight());
    if (lmHead != null) putLinear("lm_head", lmHead);
  }

  private void putLinear(String prefix, Linear linear) {
    for (var e : linear.getDirectParameters()) named.put(prefix + "." + e.getKey(), e.getValue());
  }

  @Override
  public void close() {
    rope.close();
    manager.close();
  }
}
