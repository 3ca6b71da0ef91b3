package dev.perennial.learner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Rotary position embeddings in the Llama/Qwen2 "rotate half" layout: the first and second halves of
 * each head's features form the rotated pairs, {@code rope(x) = x·cos + rotate_half(x)·sin}. The
 * rotation {@code rotate_half(x) = [-x₂, x₁]} is one matmul with a fixed signed permutation, which
 * costs one native call instead of slice/negate/concat. Tables are indexed by each token's own
 * position, so left padding and per-sequence positions in a batch need no special case.
 */
final class RotaryEmbedding implements AutoCloseable {
  private final NDArray cosTable;
  private final NDArray sinTable;
  private final NDArray rotation;
  private final int maxPositions;

  RotaryEmbedding(NDManager manager, int headDim, double theta, int maxPositions) {
    this.maxPositions = maxPositions;
    int half = headDim / 2;
    float[] cos = new float[maxPositions * headDim];
    float[] sin = new float[maxPositions * headDim];
    for (int p = 0; p < maxPositions; p++) {
      for (int i = 0; i < half; i++) {
        double angle = p / Math.pow(theta, 2.0 * i / headDim);
        float c = (float) Math.cos(angle), s = (float) Math.sin(angle);
        cos[p * headDim + i] = c;
        cos[p * headDim + i + half] = c;
        sin[p * headDim + i] = s;
        sin[p * headDim + i + half] = s;
      }
    }
    float[] r = new float[headDim * headDim];
    for (int j = 0; j < half; j++) {
      r[(j + half) * headDim + j] = -1f; // out[j] = -x[j + half]
      r[j * headDim + j + half] = 1f;    // out[j + half] = x[j]
    }
    this.cosTable = manager.create(cos, new Shape(maxPositions, headDim));
    this.sinTable = manager.create(sin, new Shape(maxPositions, headDim));
    this.rotation = manager.create(r, new Shape(headDim, headDim));
  }

  int maxPositions() { return maxPositions; }

  /** cos and sin at each position, shaped [B, 1, T, D] to broadcast over heads; in {@code positions}' manager. */
  NDArray[] at(NDArray positions) {
    NDArray cos = positions.getNDArrayInternal().embedding(positions, cosTable, SparseFormat.DENSE).singletonOrThrow();
    NDArray sin = positions.getNDArrayInternal().embedding(positions, sinTable, SparseFormat.DENSE).singletonOrThrow();
    return new NDArray[] {cos.expandDims(1), sin.expandDims(1)};
  }

  /** Applies the rotation to x [B, H, T, D]. */
  NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    return x.mul(cos).add(x.matMul(rotation).mul(sin));
  }

  @Override
  public void close() {
    cosTable.close();
    sinTable.close();
    rotation.close();
  }
}
