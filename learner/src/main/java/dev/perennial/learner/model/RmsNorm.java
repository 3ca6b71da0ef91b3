package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Root-mean-square normalisation over the last axis (Llama/Qwen2): {@code x / sqrt(mean(x²) + eps) · w}.
 * Normalises each token's features only, so it is independent of sequence length and of the KV cache.
 */
public final class RmsNorm extends AbstractBlock {
  private final Parameter weight;
  private final int dim;
  private final float eps;

  public RmsNorm(int dim, double eps) {
    this.dim = dim;
    this.eps = (float) eps;
    this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
        .optShape(new Shape(dim)).build());
  }

  Parameter weight() { return weight; }

  /** {@code epsilon} is a scalar array in the caller's step manager (see STACK.md pitfall 1). */
  NDArray apply(ParameterStore ps, NDArray x, NDArray epsilon, boolean training) {
    NDArray w = ps.getValue(weight, x.getDevice(), training);
    NDArray meanSquare = x.square().mean(new int[] {-1}, true);
    return x.div(meanSquare.add(epsilon).sqrt()).mul(w);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray epsilon = x.getManager().create(eps);
    return new NDList(apply(ps, x, epsilon, training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) { return inputShapes; }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {}

  int dim() { return dim; }
}
