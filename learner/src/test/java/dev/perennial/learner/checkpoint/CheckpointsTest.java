package dev.perennial.learner.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.learner.model.CausalLm;
import dev.perennial.learner.model.ModelConfig;
import dev.perennial.learner.model.NoGrad;
import dev.perennial.learner.safetensors.DType;
import dev.perennial.learner.safetensors.SafetensorsReader;
import dev.perennial.learner.safetensors.SafetensorsWriter;
import dev.perennial.learner.testing.ReferenceForward;
import dev.perennial.learner.testing.TinyModels;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
  static NDManager base;
  static PolicyTokenizer tokenizer;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
    tokenizer = PolicyTokenizer.bundled();
  }

  @AfterAll
  static void stop() {
    tokenizer.close();
    base.close();
  }

  @Test
  void ourModelRoundTripsThroughACheckpointDirectory() throws IOException {
    int[] tokens = tokenizer.encode("<answer>42</answer>");
    try (CausalLm model = CausalLm.create(TinyModels.config(tokenizer.size()), base, 9)) {
      String sha = Checkpoints.save(model, tokenizer, dir, Map.of("step", "3"));
      assertEquals(WeightsDigest.sha256(dir.resolve("model.safetensors")), sha);
      assertEquals(sha, WeightsDigest.sha256(dir));
      assertEquals(model.config(), Checkpoints.config(dir));
      try (CausalLm loaded = Checkpoints.load(dir, base); PolicyTokenizer t = PolicyTokenizer.load(dir)) {
        assertArrayEquals(logits(model, tokens), logits(loaded, tokens));
        assertArrayEquals(tokens, t.encode("<answer>42</answer>"));
      }
      try (SafetensorsReader r = SafetensorsReader.open(dir.resolve("model.safetensors"))) {
        assertEquals("3", r.metadata().get("step"));
        assertTrue(r.tensors().containsKey("model.layers.1.self_attn.q_proj.bias"));
      }
    }
  }

  @Test
  void aHuggingFaceShapedBf16CheckpointGivesTheReferenceLogits() throws IOException {
    for (ModelConfig c : new ModelConfig[] {TinyModels.config(tokenizer.size()), TinyModels.untied(tokenizer.size())}) {
      Path ckpt = dir.resolve(c.modelType());
      Map<String, float[]> weights = writeHfCheckpoint(c, ckpt, 21);
      int[] tokens = tokenizer.encode("<plan>guess k=0</plan>");
      try (CausalLm model = Checkpoints.load(ckpt, base)) {
        float[] got = logits(model, tokens);
        double[][] expected = new ReferenceForward(c, weights).logits(tokens);
        int v = c.vocabSize();
        double worst = 0;
        for (int i = 0; i < tokens.length; i++)
          for (int j = 0; j < v; j++) worst = Math.max(worst, Math.abs(got[i * v + j] - expected[i][j]));
        assertTrue(worst < 1e-4, c.modelType() + ": max |logit difference| " + worst);
      }
    }
  }

  @Test
  void aCheckpointThatDoesNotFitIsRefusedBeforeAnyWeightChanges() throws IOException {
    ModelConfig c = TinyModels.config(tokenizer.size());
    ModelConfig wider = new ModelConfig("qwen2", c.vocabSize(), 48, 64, 2, 4, 2, 12, 10000.0, 1e-6, 128, true, true, List.of(0));
    writeHfCheckpoint(wider, dir, 1);
    try (CausalLm model = CausalLm.create(c, base, 2)) {
      int[] tokens = tokenizer.encode("abc");
      float[] before = logits(model, tokens);
      IOException e = assertThrows(IOException.class, () -> Checkpoints.loadInto(model, dir));
      assertTrue(e.getMessage().contains("model.embed_tokens.weight has shape [442, 48]"), e.getMessage());
      assertArrayEquals(before, logits(model, tokens));
    }
  }

  /** Writes config.json (as transformers does, with extra keys), BF16 weights and tokenizer.json; returns the BF16-rounded weights. */
  static Map<String, float[]> writeHfCheckpoint(ModelConfig c, Path ckpt, long seed) throws IOException {
    Files.createDirectories(ckpt);
    ObjectNode json = c.toJson();
    json.put("torch_dtype", "bfloat16");
    json.put("use_sliding_window", false);
    json.put("transformers_version", "4.45.0");
    if (c.modelType().equals("qwen2")) json.remove("attention_bias");
    Files.writeString(ckpt.resolve("config.json"), json.toPrettyString());
    Files.write(ckpt.resolve("tokenizer.json"), tokenizer.json());
    Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
    try (CausalLm shaped = CausalLm.create(c, base, 0)) {
      shaped.namedParameters().forEach((name, p) -> shapes.put(name, p.getArray().getShape().getShape()));
    }
    Random random = new Random(seed);
    List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      float[] data = new float[(int) new Shape(e.getValue()).size()];
      boolean norm = e.getKey().endsWith("norm.weight");
      for (int i = 0; i < data.length; i++) data[i] = (float) ((norm ? 1 : 0) + random.nextGaussian() * (norm ? 0.1 : 0.2));
      tensors.add(new SafetensorsWriter.Tensor(e.getKey(), e.getValue(), data));
    }
    tensors.add(new SafetensorsWriter.Tensor("model.rotary_emb.inv_freq", new long[] {c.headDim() / 2}, new float[c.headDim() / 2]));
    SafetensorsWriter.write(ckpt.resolve("model.safetensors"), tensors, Map.of("format", "pt"), DType.BF16);
    Map<String, float[]> rounded = new HashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(ckpt.resolve("model.safetensors"))) {
      for (String name : r.tensors().keySet()) rounded.put(name, r.readFloats(name));
    }
    return rounded;
  }

  static float[] logits(CausalLm model, int[] tokens) {
    try (NDManager m = base.newSubManager(); NoGrad g = NoGrad.enter()) {
      long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
      return model.causalLogits(m.create(ids, new Shape(1, ids.length)), false).toFloatArray();
    }
  }
}
