package dev.perennial.learner.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  @Test
  void float32RoundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
    float[] a = randomFloats(6 * 5, 1);
    float[] b = {1.5f, -2.25f, 0f};
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.write(file, List.of(new SafetensorsWriter.Tensor("layers.0.w", new long[] {6, 5}, a),
        new SafetensorsWriter.Tensor("bias", new long[] {3}, b)), Map.of("format", "pt"), DType.F32);
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      assertEquals(List.of("layers.0.w", "bias"), List.copyOf(r.tensors().keySet()));
      assertArrayEquals(new long[] {6, 5}, r.info("layers.0.w").shape());
      assertArrayEquals(a, r.readFloats("layers.0.w"));
      assertArrayEquals(b, r.readFloats("bias"));
      assertEquals("pt", r.metadata().get("format"));
    }
    assertTrue(Files.notExists(dir.resolve("model.safetensors.tmp")));
  }

  @Test
  void bf16AndF16ConvertToFloatWithRoundToNearestEven() throws IOException {
    float[] values = {1.0f, -2.0f, (float) Math.PI, 65504f, 1e-7f, -0.0f, 3.0e38f};
    float[] bf16 = {1.0f, -2.0f, 3.140625f, 65536f, 1.0011717677116394e-7f, -0.0f, 3.00405527e38f}; // torch .to(bfloat16)
    Path file = dir.resolve("half.safetensors");
    SafetensorsWriter.write(file, List.of(new SafetensorsWriter.Tensor("x", new long[] {7}, values)), Map.of(), DType.BF16);
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      assertEquals(DType.BF16, r.info("x").dtype());
      assertArrayEquals(bf16, r.readFloats("x"));
    }
    float[] f16 = {1.0f, -2.0f, 3.140625f, 65504f, 1.1920929e-7f, -0.0f, Float.POSITIVE_INFINITY}; // torch .to(float16)
    SafetensorsWriter.write(file, List.of(new SafetensorsWriter.Tensor("x", new long[] {7}, values)), Map.of(), DType.F16);
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      assertArrayEquals(f16, r.readFloats("x"));
    }
  }

  @Test
  void readsAHandWrittenBf16FileAsHuggingFaceWritesIt() throws IOException {
    // 1.0, -2.0, 3.140625, 0.5 as bf16 bits, laid out by hand rather than by our writer
    short[] bits = {0x3F80, (short) 0xC000, 0x4049, 0x3F00};
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : bits) data.putShort(s);
    Path file = raw("hf.safetensors", "{\"w\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", data.array());
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      assertArrayEquals(new float[] {1.0f, -2.0f, 3.140625f, 0.5f}, r.readFloats("w"));
    }
  }

  @Test
  void readsTensorsBeyondTwoGigabytesOfASparseFile() throws IOException {
    long bigElements = 600_000_000L; // 2.4 GB of F32 that the sparse file never stores
    long bigBytes = bigElements * 4;
    String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[600000000],\"data_offsets\":[0," + bigBytes + "]},"
        + "\"small\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[" + bigBytes + "," + (bigBytes + 6) + "]}}";
    Path file = dir.resolve("huge.safetensors");
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
      ByteBuffer head = ByteBuffer.allocate(8 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).flip();
      ch.write(head, 0);
      ByteBuffer tail = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
      tail.putShort((short) 0x3F80).putShort((short) 0x4000).putShort((short) 0xC040).flip();
      ch.write(tail, 8 + header.length() + bigBytes);
    }
    assertTrue(Files.size(file) > (2L << 30));
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      assertEquals(bigElements, r.info("big").elements());
      assertArrayEquals(new float[] {1f, 2f, -3f}, r.readFloats("small"));
      float[] window = new float[4];
      r.readFloats("big", bigElements - 4, 4, FloatBuffer.wrap(window)); // mapped past the 2 GB mark
      assertArrayEquals(new float[4], window);
    }
  }

  @Test
  void readsTensorsThatSpanSeveralMappedChunks() throws IOException {
    float[] values = randomFloats(1001, 3);
    Path file = dir.resolve("chunks.safetensors");
    SafetensorsWriter.write(file, List.of(new SafetensorsWriter.Tensor("pad", new long[] {3}, new float[3]),
        new SafetensorsWriter.Tensor("v", new long[] {1001}, values)), Map.of(), DType.F32);
    try (SafetensorsReader r = new SafetensorsReader(file, 40)) { // 10 floats per mapped piece
      assertArrayEquals(values, r.readFloats("v"));
      float[] part = new float[95];
      r.readFloats("v", 17, 95, FloatBuffer.wrap(part));
      for (int i = 0; i < 95; i++) assertEquals(values[17 + i], part[i]);
    }
  }

  @Test
  void malformedFilesFailWithAClearMessage() throws IOException {
    Path shortFile = dir.resolve("short.safetensors");
    Files.write(shortFile, new byte[] {1, 2, 3});
    IOException e = assertThrows(IOException.class, () -> SafetensorsReader.open(shortFile));
    assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());

    Path lying = raw("lying.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}", new byte[8]);
    e = assertThrows(IOException.class, () -> SafetensorsReader.open(lying));
    assertTrue(e.getMessage().contains("do not match"), e.getMessage());

    Path ints = raw("ints.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
    e = assertThrows(IOException.class, () -> SafetensorsReader.open(ints));
    assertTrue(e.getMessage().contains("I64"), e.getMessage());
  }

  /** A file laid out by hand: header length, header, data. */
  Path raw(String name, String header, byte[] data) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(8 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
    Path file = dir.resolve(name);
    Files.write(file, buf.array());
    return file;
  }

  static float[] randomFloats(int n, long seed) {
    Random random = new Random(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) out[i] = (float) random.nextGaussian();
    return out;
  }
}
