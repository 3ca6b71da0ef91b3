package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Causal grouped-query self-attention with rotary positions (Qwen2/Llama). Query heads are grouped
 * by the key/value head they share — head h reads kv head h / G, as Hugging Face's
 * {@code repeat_kv} does — by viewing the queries as [B, kvHeads, G·T, D], so keys and values are
 * never copied G times. Only the current step's keys/values go through the projections; earlier
 * ones come from the {@link KvCache} when there is one.
 */
final class Attention extends AbstractBlock {
  private final int hidden;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final int layerIndex;
  private final Linear qProj;
  private final Linear kProj;
  private final Linear vProj;
  private final Linear oProj;
  private final RotaryEmbedding rope;

  Attention(ModelConfig c, int layerIndex, RotaryEmbedding rope) {
    this.hidden = c.hiddenSize();
    this.heads = c.numAttentionHeads();
    this.kvHeads = c.numKeyValueHeads();
    this.headDim = c.headDim();
    this.layerIndex = layerIndex;
    this.rope = rope;
    this.qProj = addChildBlock("q_proj", Linear.builder().setUnits((long) heads * headDim).optBias(c.attentionBias()).build());
    this.kProj = addChildBlock("k_proj", Linear.builder().setUnits((long) kvHeads * headDim).optBias(c.attentionBias()).build());
    this.vProj = addChildBlock("v_proj", Linear.builder().setUnits((long) kvHeads * headDim).optBias(c.attentionBias()).build());
    this.oProj = addChildBlock("o_proj", Linear.builder().setUnits(hidden).optBias(false).build());
  }

  Linear qProj() { return qProj; }
  Linear kProj() { return kProj; }
  Linear vProj() { return vProj; }
  Linear oProj() { return oProj; }

  NDArray apply(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
    long b = x.getShape().get(0), t = x.getShape().get(1);
    int groups = heads / kvHeads;
    NDArray q = project(ps, qProj, x, training).reshape(b, t, heads, headDim).swapAxes(1, 2);
    NDArray k = project(ps, kProj, x, training).reshape(b, t, kvHeads, headDim).swapAxes(1, 2);
    NDArray v = project(ps, vProj, x, training).reshape(b, t, kvHeads, headDim).swapAxes(1, 2);
    q = rope.apply(q, ctx.cos(), ctx.sin()).mul(ctx.attentionScale());
    k = rope.apply(k, ctx.cos(), ctx.sin());
    if (ctx.cache() != null) {
      NDArray[] kv = ctx.cache().appendAndView(layerIndex, k, v, x.getManager());
      k = kv[0];
      v = kv[1];
    }
    long s = k.getShape().get(2);
    NDArray scores = q.reshape(b, kvHeads, groups * t, headDim).matMul(k.swapAxes(2, 3));
    NDArray probs = scores.reshape(b, kvHeads, groups, t, s).add(ctx.mask()).softmax(-1);
    NDArray out = probs.reshape(b, kvHeads, groups * t, s).matMul(v)
        .reshape(b, heads, t, headDim).swapAxes(1, 2).reshape(b, t, (long) heads * headDim);
    return project(ps, oProj, out, training);
  }

  private static NDArray project(ParameterStore ps, Linear linear, NDArray x, boolean training) {
    return linear.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("Attention needs a ForwardContext; call CausalLm.forward");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) { return inputShapes; }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = new Shape(1, hidden);
    qProj.initialize(manager, dataType, in);
    kProj.initialize(manager, dataType, in);
    vProj.initialize(manager, dataType, in);
    oProj.initialize(manager, dataType, new Shape(1, (long) heads * headDim));
  }
}
