package dev.perennial.learner.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Writes float tensors as a {@code .safetensors} file in one element type (F32, or BF16/F16 rounded
 * to nearest even). Written to a temporary file in the same directory and moved into place, so a
 * reader never sees a half-written file.
 */
public final class SafetensorsWriter {
  private static final int CHUNK_ELEMENTS = 1 << 20;

  private SafetensorsWriter() {}

  /** A named tensor; {@code data} holds its elements in row-major order. */
  public record Tensor(String name, long[] shape, float[] data) {
    public Tensor {
      long n = 1;
      for (long d : shape) n *= d;
      if (n != data.length) throw new IllegalArgumentException(name + ": shape holds " + n + " elements, data has " + data.length);
    }
  }

  public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata, DType dtype) throws IOException {
    if (dtype == DType.F64) throw new IllegalArgumentException("writing F64 is not supported");
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (Tensor t : tensors) {
      ObjectNode e = header.putObject(t.name());
      e.put("dtype", dtype.name());
      var shape = e.putArray("shape");
      for (long d : t.shape()) shape.add(d);
      long bytes = (long) t.data().length * dtype.bytes();
      e.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (headerBytes.length + 7) / 8 * 8; // keeps the data section 8-byte aligned
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(headerBytes);
      while (head.hasRemaining()) head.put((byte) ' ');
      writeFully(out, head.flip());
      ByteBuffer chunk = ByteBuffer.allocate(CHUNK_ELEMENTS * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors) {
        float[] d = t.data();
        for (int from = 0; from < d.length; from += CHUNK_ELEMENTS) {
          chunk.clear();
          int to = Math.min(d.length, from + CHUNK_ELEMENTS);
          for (int i = from; i < to; i++) {
            switch (dtype) {
              case F32 -> chunk.putFloat(d[i]);
              case BF16 -> chunk.putShort(HalfFloats.floatToBf16(d[i]));
              case F16 -> chunk.putShort(HalfFloats.floatToF16(d[i]));
              default -> throw new IllegalStateException();
            }
          }
          writeFully(out, chunk.flip());
        }
      }
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) out.write(b);
  }
}
