package dev.perennial.learner.safetensors;

/** The safetensors element types this project reads and writes as floating point. */
public enum DType {
  F32(4), F16(2), BF16(2), F64(8);

  private final int bytes;

  DType(int bytes) { this.bytes = bytes; }

  public int bytes() { return bytes; }

  /** Parses a header dtype; integer and boolean tensors are refused with the name that carried them. */
  static DType parse(String name, String tensor) {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tensor '" + tensor + "' has dtype " + name + "; only F32, F16, BF16 and F64 are supported");
    }
  }
}
