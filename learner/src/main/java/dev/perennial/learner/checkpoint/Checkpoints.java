package dev.perennial.learner.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.safetensors.DType;
import dev.perennial.learner.safetensors.SafetensorsReader;
import dev.perennial.learner.safetensors.SafetensorsWriter;
import dev.perennial.learner.safetensors.TensorInfo;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint directories in Hugging Face layout: {@code config.json}, {@code model.safetensors}
 * (or several {@code *.safetensors} shards) with HF parameter names, and {@code tokenizer.json}.
 * Loading checks every name and shape before it writes a single weight, so a bad file never leaves
 * a model half-updated; tensors are streamed from the memory map in row blocks (BF16/F16 converted
 * to FP32 in Java), so weights larger than 2 GB load without one giant Java array.
 */
public final class Checkpoints {
  public static final String WEIGHTS = "model.safetensors";
  private static final long BLOCK_BYTES = 256L << 20;

  private Checkpoints() {}

  /** Writes config.json, model.safetensors (F32) and tokenizer.json into {@code dir}; returns the weights' SHA-256. */
  public static String save(CausalLm model, PolicyTokenizer tokenizer, Path dir, Map<String, String> metadata) throws IOException {
    Files.createDirectories(dir);
    List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      NDArray a = e.getValue().getArray();
      tensors.add(new SafetensorsWriter.Tensor(e.getKey(), a.getShape().getShape(), a.toFloatArray()));
    }
    Map<String, String> meta = new HashMap<>(metadata);
    meta.put("format", "pt");
    SafetensorsWriter.write(dir.resolve(WEIGHTS), tensors, meta, DType.F32);
    writeAtomically(dir.resolve("config.json"), model.config().toJson().toPrettyString().getBytes());
    writeAtomically(dir.resolve("tokenizer.json"), tokenizer.json());
    return WeightsDigest.sha256(dir.resolve(WEIGHTS));
  }

  public static ModelConfig config(Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    if (!Files.isRegularFile(file)) throw new IOException("no config.json in " + dir);
    return ModelConfig.read(file);
  }

  /** A model with the architecture of {@code dir}/config.json and its weights. */
  public static CausalLm load(Path dir, NDManager parent) throws IOException {
    CausalLm model = CausalLm.empty(config(dir), parent);
    try {
      loadInto(model, dir);
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Copies the weights of a checkpoint directory (or one .safetensors file) into {@code model}.
   * Every parameter must be present with its shape; {@code lm_head.weight} of a tied model and
   * rotary buffers ({@code *.rotary_emb.inv_freq}) are ignored; any other unknown tensor is an error.
   */
  public static void loadInto(CausalLm model, Path dirOrFile) throws IOException {
    List<SafetensorsReader> readers = new ArrayList<>();
    try {
      Map<String, SafetensorsReader> owner = new HashMap<>();
      for (Path f : WeightsDigest.weightFiles(dirOrFile)) {
        SafetensorsReader r = SafetensorsReader.open(f);
        readers.add(r);
        for (String name : r.tensors().keySet()) owner.put(name, r);
      }
      Map<String, Parameter> params = model.namedParameters();
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        SafetensorsReader r = owner.get(e.getKey());
        if (r == null) {
          problems.add("missing " + e.getKey());
          continue;
        }
        long[] want = e.getValue().getArray().getShape().getShape();
        TensorInfo t = r.info(e.getKey());
        if (!java.util.Arrays.equals(want, t.shape()))
          problems.add(e.getKey() + " has shape " + java.util.Arrays.toString(t.shape()) + ", the model needs " + java.util.Arrays.toString(want));
      }
      for (String name : owner.keySet()) {
        boolean ignorable = name.endsWith("rotary_emb.inv_freq") || (name.equals("lm_head.weight") && model.config().tieWordEmbeddings());
        if (!params.containsKey(name) && !ignorable) problems.add("unexpected tensor " + name);
      }
      if (!problems.isEmpty())
        throw new IOException("checkpoint " + dirOrFile + " does not fit the model: " + String.join("; ", problems.subList(0, Math.min(8, problems.size())))
            + (problems.size() > 8 ? " (and " + (problems.size() - 8) + " more)" : ""));
      try (NoGrad g = NoGrad.enter()) {
        for (Map.Entry<String, Parameter> e : params.entrySet()) copy(owner.get(e.getKey()), e.getKey(), e.getValue().getArray());
      }
    } finally {
      for (SafetensorsReader r : readers) r.close();
    }
  }

  /** Streams one tensor into a parameter array in blocks of whole rows. */
  private static void copy(SafetensorsReader reader, String name, NDArray target) throws IOException {
    TensorInfo t = reader.info(name);
    long total = t.elements();
    long rows = t.shape().length == 0 ? 1 : t.shape()[0];
    long rowElements = rows == 0 ? 0 : total / rows;
    long rowsPerBlock = Math.max(1, BLOCK_BYTES / 4 / Math.max(1, rowElements));
    if (rowsPerBlock >= rows) {
      target.set(read(reader, name, 0, (int) total));
      return;
    }
    try (NDManager scratch = target.getManager().newSubManager()) {
      for (long r0 = 0; r0 < rows; r0 += rowsPerBlock) {
        long r1 = Math.min(rows, r0 + rowsPerBlock);
        long[] shape = t.shape().clone();
        shape[0] = r1 - r0;
        NDArray block = scratch.create(read(reader, name, r0 * rowElements, (int) ((r1 - r0) * rowElements)), new Shape(shape), DataType.FLOAT32);
        long[] min = new long[shape.length], max = t.shape().clone(), step = new long[shape.length];
        java.util.Arrays.fill(step, 1);
        min[0] = r0;
        max[0] = r1;
        JniUtils.indexSet((PtNDArray) target, (PtNDArray) block, min, max, step);
        block.close();
      }
    }
  }

  private static FloatBuffer read(SafetensorsReader reader, String name, long first, int count) throws IOException {
    FloatBuffer buffer = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    reader.readFloats(name, first, count, buffer);
    return buffer.flip();
  }

  private static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
