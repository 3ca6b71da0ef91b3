package dev.perennial.learner.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file through memory maps: an 8-byte little-endian header length, a
 * JSON header (dtype, shape, byte offsets per tensor, optional {@code __metadata__}), then the data.
 * Tensors are mapped on demand in pieces of at most {@code chunkBytes} (1 GiB by default), so files
 * and single tensors larger than 2 GB read fine; every element type is converted to float in Java.
 */
public final class SafetensorsReader implements AutoCloseable {
  static final long DEFAULT_CHUNK_BYTES = 1L << 30;
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private final Path file;
  private final FileChannel channel;
  private final long chunkBytes;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  public static SafetensorsReader open(Path file) throws IOException { return new SafetensorsReader(file, DEFAULT_CHUNK_BYTES); }

  SafetensorsReader(Path file, long chunkBytes) throws IOException {
    this.file = file;
    this.chunkBytes = chunkBytes;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = channel.size();
      if (size < 8) throw bad("file is shorter than the 8-byte header length");
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(len, 0);
      long headerBytes = len.flip().getLong();
      if (headerBytes <= 0 || headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > size)
        throw bad("header length " + headerBytes + " does not fit a file of " + size + " bytes");
      ByteBuffer header = ByteBuffer.allocate((int) headerBytes);
      readFully(header, 8);
      this.dataStart = 8 + headerBytes;
      parseHeader(new ObjectMapper().readTree(header.array()), size - dataStart);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e instanceof IOException io ? io : new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Tensor entries in header order. */
  public Map<String, TensorInfo> tensors() { return Collections.unmodifiableMap(tensors); }

  public Map<String, String> metadata() { return Collections.unmodifiableMap(metadata); }

  public TensorInfo info(String name) {
    TensorInfo t = tensors.get(name);
    if (t == null) throw new IllegalArgumentException(file + " has no tensor '" + name + "'");
    return t;
  }

  /** The whole tensor as floats (at most 2³¹−1 elements; larger ones read in ranges). */
  public float[] readFloats(String name) throws IOException {
    TensorInfo t = info(name);
    if (t.elements() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(name + " is too large for one array; read it in ranges");
    float[] out = new float[(int) t.elements()];
    readFloats(name, 0, out.length, FloatBuffer.wrap(out));
    return out;
  }

  /** Elements [first, first + count) of a tensor, converted to float, appended to {@code out}. */
  public void readFloats(String name, long first, int count, FloatBuffer out) throws IOException {
    TensorInfo t = info(name);
    if (first < 0 || count < 0 || first + count > t.elements())
      throw new IndexOutOfBoundsException(name + ": elements [" + first + ", " + (first + count) + ") of " + t.elements());
    int width = t.dtype().bytes();
    long perChunk = Math.max(1, chunkBytes / width);
    long done = 0;
    while (done < count) {
      int n = (int) Math.min(perChunk, count - done);
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin() + (first + done) * width, (long) n * width);
      map.order(ByteOrder.LITTLE_ENDIAN);
      convert(t.dtype(), map, n, out);
      done += n;
    }
  }

  private static void convert(DType dtype, ByteBuffer in, int n, FloatBuffer out) {
    switch (dtype) {
      case F32 -> out.put(in.asFloatBuffer().limit(n));
      case BF16 -> { for (int i = 0; i < n; i++) out.put(HalfFloats.bf16ToFloat(in.getShort())); }
      case F16 -> { for (int i = 0; i < n; i++) out.put(HalfFloats.f16ToFloat(in.getShort())); }
      case F64 -> { for (int i = 0; i < n; i++) out.put((float) in.getDouble()); }
    }
  }

  private void parseHeader(JsonNode root, long dataBytes) {
    if (!root.isObject()) throw new IllegalArgumentException("header is not a JSON object");
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (name.equals("__metadata__")) {
        v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      DType dtype = DType.parse(v.path("dtype").asText(), name);
      JsonNode shapeNode = v.path("shape");
      long[] shape = new long[shapeNode.size()];
      for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong();
      JsonNode offsets = v.path("data_offsets");
      if (offsets.size() != 2) throw new IllegalArgumentException("tensor '" + name + "' lacks data_offsets");
      TensorInfo t = new TensorInfo(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
      if (t.begin() < 0 || t.end() > dataBytes || t.end() - t.begin() != t.elements() * dtype.bytes())
        throw new IllegalArgumentException("tensor '" + name + "' (" + t + ") has offsets [" + t.begin() + ", " + t.end()
            + ") that do not match its size or the file (" + dataBytes + " data bytes)");
      tensors.put(name, t);
    }
  }

  private void readFully(ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) throw bad("unexpected end of file");
      position += n;
    }
  }

  private IOException bad(String why) { return new IOException(file + " is not a safetensors file: " + why); }

  @Override
  public void close() throws IOException { channel.close(); }
}
