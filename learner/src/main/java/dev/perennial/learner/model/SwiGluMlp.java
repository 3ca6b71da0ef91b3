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

/** The gated feed-forward block of Llama/Qwen2: {@code down(silu(gate(x)) · up(x))}, no biases. */
final class SwiGluMlp extends AbstractBlock {
  private final int hidden;
  private final int intermediate;
  private final Linear gateProj;
  private final Linear upProj;
  private final Linear downProj;

  SwiGluMlp(ModelConfig c) {
    this.hidden = c.hiddenSize();
    this.intermediate = c.intermediateSize();
    this.gateProj = addChildBlock("gate_proj", Linear.builder().setUnits(intermediate).optBias(false).build());
    this.upProj = addChildBlock("up_proj", Linear.builder().setUnits(intermediate).optBias(false).build());
    this.downProj = addChildBlock("down_proj", Linear.builder().setUnits(hidden).optBias(false).build());
  }

  Linear gateProj() { return gateProj; }
  Linear upProj() { return upProj; }
  Linear downProj() { return downProj; }

  NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray gate = gateProj.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray up = upProj.forward(ps, new NDList(x), training).singletonOrThrow();
    NDArray silu = gate.mul(gate.getNDArrayInternal().sigmoid());
    return downProj.forward(ps, new NDList(silu.mul(up)), training).singletonOrThrow();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(ps, inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) { return inputShapes; }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    gateProj.initialize(manager, dataType, new Shape(1, hidden));
    upProj.initialize(manager, dataType, new Shape(1, hidden));
    downProj.initialize(manager, dataType, new Shape(1, intermediate));
  }
}
