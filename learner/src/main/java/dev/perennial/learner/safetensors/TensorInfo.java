package dev.perennial.learner.safetensors;

import java.util.Arrays;

/** One tensor's header entry: element type, shape, and its byte range in the data section. */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
  public long elements() {
    long n = 1;
    for (long d : shape) n *= d;
    return n;
  }

  @Override
  public String toString() { return name + " " + dtype + Arrays.toString(shape); }
}
