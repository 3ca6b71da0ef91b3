package dev.perennial.learner.safetensors;

/**
 * Bit conversions between float and the 16-bit formats, done in Java because DJL aborts on BF16
 * arrays (STACK.md pitfall 2). BF16 is the upper half of an IEEE float; F16 is IEEE half precision.
 */
public final class HalfFloats {
  private HalfFloats() {}

  public static float bf16ToFloat(short bits) { return Float.intBitsToFloat((bits & 0xffff) << 16); }

  /** Round to nearest even; NaN stays NaN. */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) return (short) ((bits >>> 16) | 0x40);
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  public static float f16ToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    if (exp == 0) {
      if (mant == 0) return Float.intBitsToFloat(sign);
      float v = mant / 1024f / 16384f; // subnormal: mant · 2^-24
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Round to nearest even, overflow to infinity. */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(f)) return (short) (sign | 0x7e00);
    float abs = Math.abs(f);
    if (abs >= 65520f) return (short) (sign | 0x7c00);
    if (abs < 6.103515625e-05f) { // subnormal half
      return (short) (sign | (int) Math.rint(abs * 16777216.0)); // units of 2^-24, ties to even
    }
    int exp = ((bits >>> 23) & 0xff) - 112;
    int mant = bits & 0x7fffff;
    int half = (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) half++;
    return (short) (sign | half);
  }
}
