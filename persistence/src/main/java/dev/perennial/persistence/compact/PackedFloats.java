package dev.perennial.persistence.compact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A compact journal encoding for float arrays (per-token log-probabilities): the IEEE-754 bits of
 * each float, little-endian, the whole array as one binary value. Exact — NaN payloads, −0.0 and
 * infinities survive — four bytes per value where element-wise CBOR takes five, and written and
 * read as one block instead of one number at a time. The reader also accepts the old form, a
 * plain array of numbers. Use as {@link PackedInts} says, on a {@code float[]} component.
 */
public final class PackedFloats {
  private PackedFloats() {}

  public static byte[] encode(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  public static float[] decode(byte[] bytes) {
    if (bytes.length % 4 != 0)
      throw new IllegalArgumentException("packed float array has " + bytes.length + " bytes, not a multiple of 4");
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** Writes a {@code float[]} packed. */
  public static final class Writer extends JsonSerializer<float[]> {
    @Override
    public void serialize(float[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeBinary(encode(value));
    }
  }

  /** Reads a packed {@code float[]}, or the plain array of numbers older payloads hold. */
  public static final class Reader extends JsonDeserializer<float[]> {
    @Override
    public float[] deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_ARRAY) return ctx.readValue(p, float[].class);
      if (t == JsonToken.VALUE_EMBEDDED_OBJECT || t == JsonToken.VALUE_STRING) {
        try {
          return decode(p.getBinaryValue());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
      return (float[]) ctx.handleUnexpectedToken(float[].class, p);
    }
  }
}
