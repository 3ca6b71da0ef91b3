package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One pre-norm transformer layer: {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. */
final class DecoderLayer extends AbstractBlock {
  private final RmsNorm inputNorm;
  private final Attention attention;
  private final RmsNorm postAttentionNorm;
  private final SwiGluMlp mlp;

  DecoderLayer(ModelConfig c, int index, RotaryEmbedding rope) {
    this.inputNorm = addChildBlock("input_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
    this.attention = addChildBlock("self_attn", new Attention(c, index, rope));
    this.postAttentionNorm = addChildBlock("post_attention_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
    this.mlp = addChildBlock("mlp", new SwiGluMlp(c));
  }

  RmsNorm inputNorm() { return inputNorm; }
  Attention attention() { return attention; }
  RmsNorm postAttentionNorm() { return postAttentionNorm; }
  SwiGluMlp mlp() { return mlp; }

  NDArray apply(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
    NDArray h = x.add(attention.apply(ps, inputNorm.apply(ps, x, ctx.epsilon(), training), ctx, training));
    return h.add(mlp.apply(ps, postAttentionNorm.apply(ps, h, ctx.epsilon(), training), training));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException("DecoderLayer needs a ForwardContext; call CausalLm.forward");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) { return inputShapes; }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    inputNorm.initialize(manager, dataType, inputShapes);
    attention.initialize(manager, dataType, inputShapes);
    postAttentionNorm.initialize(manager, dataType, inputShapes);
    mlp.initialize(manager, dataType, inputShapes);
  }
}
