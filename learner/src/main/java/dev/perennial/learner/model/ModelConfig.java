package dev.perennial.learner.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Architecture of a Qwen2/Llama-shaped decoder. Field meanings follow Hugging Face's
 * {@code config.json} ({@code hidden_size}, {@code num_key_value_heads}, ...), so that a real
 * checkpoint's config reads into this record unchanged. {@code headDim} is
 * {@code hidden_size / num_attention_heads} unless the config names it; {@code attentionBias}
 * is true for Qwen2 (q/k/v biases) and taken from {@code attention_bias} otherwise.
 */
public record ModelConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double ropeTheta,
    double rmsNormEps,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    List<Integer> eosTokenIds) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ModelConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
    require(vocabSize > 0, "vocab_size must be > 0");
    require(hiddenSize > 0, "hidden_size must be > 0");
    require(intermediateSize > 0, "intermediate_size must be > 0");
    require(numHiddenLayers > 0, "num_hidden_layers must be > 0");
    require(numAttentionHeads > 0, "num_attention_heads must be > 0");
    require(numKeyValueHeads > 0 && numAttentionHeads % numKeyValueHeads == 0,
        "num_key_value_heads (" + numKeyValueHeads + ") must divide num_attention_heads (" + numAttentionHeads + ")");
    require(headDim > 0 && headDim % 2 == 0, "head_dim must be a positive even number, got " + headDim);
    require(ropeTheta > 0, "rope_theta must be > 0");
    require(rmsNormEps > 0, "rms_norm_eps must be > 0");
    require(maxPositionEmbeddings > 0, "max_position_embeddings must be > 0");
  }

  /** The project's default: ~3.3M parameters with the bundled character tokenizer; trains on 2 CPU cores. */
  public static ModelConfig defaultTiny(int vocabSize, List<Integer> eosTokenIds) {
    return new ModelConfig("qwen2", vocabSize, 256, 768, 4, 4, 2, 64, 10000.0, 1e-6, 1024, true, true, eosTokenIds);
  }

  /** Reads {@code perennial.learner.model} (see reference.conf); the vocabulary comes from the tokenizer. */
  public static ModelConfig from(Config model, int vocabSize, List<Integer> eosTokenIds) {
    int hidden = model.getInt("hidden-size");
    int heads = model.getInt("num-attention-heads");
    return new ModelConfig("qwen2", vocabSize, hidden, model.getInt("intermediate-size"),
        model.getInt("num-hidden-layers"), heads, model.getInt("num-key-value-heads"), hidden / heads,
        model.getDouble("rope-theta"), model.getDouble("rms-norm-eps"), model.getInt("max-position-embeddings"),
        model.getBoolean("tie-word-embeddings"), model.getBoolean("attention-bias"), eosTokenIds);
  }

  public int numQueryGroups() { return numAttentionHeads / numKeyValueHeads; }

  public ModelConfig withMaxPositionEmbeddings(int n) {
    return new ModelConfig(modelType, vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
        numKeyValueHeads, headDim, ropeTheta, rmsNormEps, n, tieWordEmbeddings, attentionBias, eosTokenIds);
  }

  public static ModelConfig read(Path configJson) throws IOException {
    try {
      return fromJson(JSON.readTree(configJson.toFile()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(configJson + ": " + e.getMessage(), e);
    }
  }

  /** Parses a Hugging Face config.json; rejects features this implementation does not have. */
  public static ModelConfig fromJson(JsonNode n) {
    String type = n.path("model_type").asText("llama");
    require(type.equals("qwen2") || type.equals("llama") || type.equals("mistral"),
        "model_type '" + type + "' is not supported (qwen2, llama, mistral)");
    String act = n.path("hidden_act").asText("silu");
    require(act.equals("silu"), "hidden_act '" + act + "' is not supported (silu)");
    require(n.path("rope_scaling").isMissingNode() || n.path("rope_scaling").isNull(),
        "rope_scaling is not supported");
    require(!n.path("mlp_bias").asBoolean(false), "mlp_bias is not supported");
    require(!n.path("use_sliding_window").asBoolean(false), "sliding-window attention is not supported");
    int hidden = req(n, "hidden_size");
    int heads = req(n, "num_attention_heads");
    int kvHeads = n.path("num_key_value_heads").asInt(heads);
    int headDim = n.hasNonNull("head_dim") ? n.get("head_dim").asInt() : hidden / heads;
    boolean bias = type.equals("qwen2") || n.path("attention_bias").asBoolean(false);
    List<Integer> eos = new ArrayList<>();
    JsonNode e = n.path("eos_token_id");
    if (e.isArray()) e.forEach(x -> eos.add(x.asInt()));
    else if (e.isNumber()) eos.add(e.asInt());
    return new ModelConfig(type, req(n, "vocab_size"), hidden, req(n, "intermediate_size"),
        req(n, "num_hidden_layers"), heads, kvHeads, headDim, n.path("rope_theta").asDouble(10000.0),
        n.path("rms_norm_eps").asDouble(1e-6), n.path("max_position_embeddings").asInt(2048),
        n.path("tie_word_embeddings").asBoolean(false), bias, eos);
  }

  /** A config.json that Hugging Face transformers reads as the same architecture. */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    String arch = modelType.equals("qwen2") ? "Qwen2ForCausalLM" : modelType.equals("mistral") ? "MistralForCausalLM" : "LlamaForCausalLM";
    n.putArray("architectures").add(arch);
    n.put("model_type", modelType);
    n.put("vocab_size", vocabSize);
    n.put("hidden_size", hiddenSize);
    n.put("intermediate_size", intermediateSize);
    n.put("num_hidden_layers", numHiddenLayers);
    n.put("num_attention_heads", numAttentionHeads);
    n.put("num_key_value_heads", numKeyValueHeads);
    n.put("head_dim", headDim);
    n.put("hidden_act", "silu");
    n.put("rope_theta", ropeTheta);
    n.put("rms_norm_eps", rmsNormEps);
    n.put("max_position_embeddings", maxPositionEmbeddings);
    n.put("tie_word_embeddings", tieWordEmbeddings);
    n.put("attention_bias", attentionBias);
    n.put("torch_dtype", "float32");
    if (eosTokenIds.size() == 1) n.put("eos_token_id", eosTokenIds.get(0));
    else if (!eosTokenIds.isEmpty()) {
      ArrayNode a = n.putArray("eos_token_id");
      eosTokenIds.forEach(a::add);
    }
    return n;
  }

  public void write(Path configJson) throws IOException {
    Files.writeString(configJson, JSON.writeValueAsString(toJson()));
  }

  /** Number of scalar parameters. */
  public long parameterCount() {
    long h = hiddenSize, q = (long) numAttentionHeads * headDim, kv = (long) numKeyValueHeads * headDim;
    long attn = h * q + 2 * h * kv + q * h + (attentionBias ? q + 2 * kv : 0);
    long mlp = 3 * h * intermediateSize;
    long layer = attn + mlp + 2 * h;
    return (long) vocabSize * h * (tieWordEmbeddings ? 1 : 2) + numHiddenLayers * layer + h;
  }

  private static int req(JsonNode n, String key) {
    require(n.hasNonNull(key), "config.json lacks '" + key + "'");
    return n.get(key).asInt();
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }
}
