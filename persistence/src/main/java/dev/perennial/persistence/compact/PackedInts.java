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
import java.util.Arrays;

/**
 * A compact journal encoding for token-id arrays: each int as an unsigned LEB128 varint of its 32
 * bits (ids below 128 take one byte, below 16,384 two, below 2,097,152 three; a negative value,
 * which real token ids never are, five), the whole array written as one binary value — a CBOR byte
 * string, base64 in JSON. Plain Jackson writes an int array element by element (a 151k-vocabulary
 * id takes five CBOR bytes) and reads it back through the generic array machinery.
 *
 * <p>The reader also accepts the old form, a plain array of numbers, so events and snapshots
 * written before this encoding still read (see the agents module's legacy-event test). Put both on
 * an {@code int[]} record component: {@code @JsonSerialize(using = PackedInts.Writer.class)
 * @JsonDeserialize(using = PackedInts.Reader.class)}.
 */
public final class PackedInts {
  private PackedInts() {}

  public static byte[] encode(int[] values) {
    byte[] out = new byte[values.length * 5];
    int n = 0;
    for (int v : values) {
      long u = v & 0xFFFFFFFFL;
      while (u >= 0x80) {
        out[n++] = (byte) (u | 0x80);
        u >>>= 7;
      }
      out[n++] = (byte) u;
    }
    return Arrays.copyOf(out, n);
  }

  public static int[] decode(byte[] bytes) {
    int count = 0;
    for (byte b : bytes) if (b >= 0) count++; // every value ends with a byte whose high bit is clear
    if (bytes.length > 0 && bytes[bytes.length - 1] < 0)
      throw new IllegalArgumentException("packed int array is truncated (its last varint has no end)");
    int[] out = new int[count];
    int i = 0;
    long value = 0;
    int shift = 0;
    for (byte b : bytes) {
      if (shift > 28) throw new IllegalArgumentException("packed int array holds a varint longer than 5 bytes");
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        out[i++] = (int) value;
        value = 0;
        shift = 0;
      } else {
        shift += 7;
      }
    }
    return out;
  }

  /** Writes an {@code int[]} packed. */
  public static final class Writer extends JsonSerializer<int[]> {
    @Override
    public void serialize(int[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeBinary(encode(value));
    }
  }

  /** Reads a packed {@code int[]}, or the plain array of numbers older payloads hold. */
  public static final class Reader extends JsonDeserializer<int[]> {
    @Override
    public int[] deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      JsonToken t = p.currentToken();
      if (t == JsonToken.START_ARRAY) return ctx.readValue(p, int[].class);
      if (t == JsonToken.VALUE_EMBEDDED_OBJECT || t == JsonToken.VALUE_STRING) {
        try {
          return decode(p.getBinaryValue());
        } catch (IllegalArgumentException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
      return (int[]) ctx.handleUnexpectedToken(int[].class, p);
    }
  }
}
