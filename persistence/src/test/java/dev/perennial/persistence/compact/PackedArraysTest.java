package dev.perennial.persistence.compact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedArraysTest {
  record Packed(
      @JsonSerialize(using = PackedInts.Writer.class) @JsonDeserialize(using = PackedInts.Reader.class) int[] ids,
      @JsonSerialize(using = PackedFloats.Writer.class) @JsonDeserialize(using = PackedFloats.Reader.class) float[] logprobs) {}

  /** The same shape without the encoding: what payloads written before it hold. */
  record Plain(int[] ids, float[] logprobs) {}

  private static final ObjectMapper CBOR = new CBORMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void intsRoundTripAtEveryVarintLength() {
    int[] values = {0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 151_642, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
    assertArrayEquals(values, PackedInts.decode(PackedInts.encode(values)));
    assertEquals(1, PackedInts.encode(new int[] {127}).length);
    assertEquals(3, PackedInts.encode(new int[] {151_642}).length);
    assertEquals(5, PackedInts.encode(new int[] {-1}).length);
    assertArrayEquals(new int[0], PackedInts.decode(PackedInts.encode(new int[0])));
  }

  @Test
  void floatsKeepTheirExactBits() {
    float[] values = {-0.0f, 0f, Float.MIN_VALUE, -1e-30f, -12.75f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
        Float.intBitsToFloat(0x7fc00001)};
    float[] back = PackedFloats.decode(PackedFloats.encode(values));
    for (int i = 0; i < values.length; i++) assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]));
  }

  @Test
  void recordsRoundTripInCborAndJson() throws Exception {
    Random random = new Random(7);
    int[] ids = random.ints(300, 0, 151_646).toArray();
    float[] lp = new float[300];
    for (int i = 0; i < lp.length; i++) lp[i] = (float) -random.nextDouble() * 10;
    for (ObjectMapper m : new ObjectMapper[] {CBOR, JSON}) {
      Packed back = m.readValue(m.writeValueAsBytes(new Packed(ids, lp)), Packed.class);
      assertArrayEquals(ids, back.ids());
      assertArrayEquals(lp, back.logprobs());
    }
  }

  @Test
  void readsTheOldPlainArraysToo() throws Exception {
    Plain old = new Plain(new int[] {5, 300, 151_642, -1}, new float[] {-0.5f, -0.0f, Float.NEGATIVE_INFINITY, -3f});
    for (ObjectMapper m : new ObjectMapper[] {CBOR, JSON.copy().enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())}) {
      Packed read = m.readValue(m.writeValueAsBytes(old), Packed.class);
      assertArrayEquals(old.ids(), read.ids());
      assertArrayEquals(old.logprobs(), read.logprobs());
    }
  }

  @Test
  void packedIsSmallerThanPlainCbor() throws Exception {
    Random random = new Random(11);
    int[] ids = random.ints(256, 0, 151_646).toArray();
    float[] lp = new float[256];
    for (int i = 0; i < lp.length; i++) lp[i] = (float) -random.nextDouble();
    int packed = CBOR.writeValueAsBytes(new Packed(ids, lp)).length;
    int plain = CBOR.writeValueAsBytes(new Plain(ids, lp)).length;
    assertTrue(packed < plain * 0.8, "packed " + packed + " bytes vs plain " + plain);
  }

  @Test
  void corruptPayloadsAreClearErrors() {
    byte[] truncated = {(byte) 0x80};
    assertThrows(IllegalArgumentException.class, () -> PackedInts.decode(truncated));
    assertThrows(IllegalArgumentException.class, () -> PackedFloats.decode(new byte[] {1, 2, 3}));
    JsonMappingException e = assertThrows(JsonMappingException.class,
        () -> JSON.readValue("{\"ids\":\"gA==\",\"logprobs\":\"\"}", Packed.class));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }
}
