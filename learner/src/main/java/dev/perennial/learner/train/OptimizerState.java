package dev.perennial.learner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.safetensors.DType;
import dev.perennial.learner.safetensors.SafetensorsReader;
import dev.perennial.learner.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** AdamW moments and step count as a safetensors file ({@code m.<param>}, {@code v.<param>}, metadata {@code step}). */
final class OptimizerState {
  private OptimizerState() {}

  static void save(AdamW optimizer, Path file) throws IOException {
    List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
    add(tensors, "m.", optimizer.means());
    add(tensors, "v.", optimizer.variances());
    SafetensorsWriter.write(file, tensors, Map.of("step", Long.toString(optimizer.steps())), DType.F32);
  }

  private static void add(List<SafetensorsWriter.Tensor> out, String prefix, Map<String, NDArray> moments) {
    moments.forEach((name, a) -> out.add(new SafetensorsWriter.Tensor(prefix + name, a.getShape().getShape(), a.toFloatArray())));
  }

  static void load(AdamW optimizer, CausalLm model, Path file) throws IOException {
    try (SafetensorsReader r = SafetensorsReader.open(file); NoGrad g = NoGrad.enter()) {
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        String name = e.getKey();
        if (!r.tensors().containsKey("m." + name) || !r.tensors().containsKey("v." + name)) continue;
        NDArray p = e.getValue().getArray();
        NDArray m = optimizer.means().computeIfAbsent(name, k -> p.zerosLike());
        NDArray v = optimizer.variances().computeIfAbsent(name, k -> p.zerosLike());
        if (m.size() != r.info("m." + name).elements()) throw new IOException(file + ": optimizer state for " + name + " has the wrong size");
        m.set(FloatBuffer.wrap(r.readFloats("m." + name)));
        v.set(FloatBuffer.wrap(r.readFloats("v." + name)));
      }
      optimizer.restore(Long.parseLong(r.metadata().getOrDefault("step", "0")));
    }
  }
}
