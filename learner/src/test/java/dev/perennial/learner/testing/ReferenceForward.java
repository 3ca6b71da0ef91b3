package dev.perennial.learner.testing;

import dev.perennial.learner.model.ModelConfig;
import java.util.Map;

/**
 * A plain-Java, double-precision forward pass of a Qwen2/Llama decoder written straight from the
 * Hugging Face modelling code (loops, no DJL), used as an independent oracle for logits.
 * {@code weights} maps HF parameter names to row-major floats.
 */
public final class ReferenceForward {
  private final ModelConfig c;
  private final Map<String, float[]> w;

  public ReferenceForward(ModelConfig c, Map<String, float[]> weights) {
    this.c = c;
    this.w = weights;
  }

  /** Logits [T][V] for one sequence. */
  public double[][] logits(int[] tokens) {
    int t = tokens.length, h = c.hiddenSize();
    double[][] x = new double[t][h];
    float[] embed = w.get("model.embed_tokens.weight");
    for (int i = 0; i < t; i++) for (int j = 0; j < h; j++) x[i][j] = embed[tokens[i] * h + j];
    for (int l = 0; l < c.numHiddenLayers(); l++) {
      String p = "model.layers." + l + ".";
      double[][] a = attention(norm(x, w.get(p + "input_layernorm.weight")), p + "self_attn.");
      add(x, a);
      double[][] n2 = norm(x, w.get(p + "post_attention_layernorm.weight"));
      double[][] gate = linear(n2, p + "mlp.gate_proj", c.intermediateSize());
      double[][] up = linear(n2, p + "mlp.up_proj", c.intermediateSize());
      for (int i = 0; i < t; i++)
        for (int j = 0; j < gate[i].length; j++) gate[i][j] = gate[i][j] / (1 + Math.exp(-gate[i][j])) * up[i][j];
      add(x, linear(gate, p + "mlp.down_proj", h));
    }
    double[][] out = norm(x, w.get("model.norm.weight"));
    String head = c.tieWordEmbeddings() ? "model.embed_tokens" : "lm_head";
    return linear(out, head, c.vocabSize());
  }

  private double[][] attention(double[][] x, String p) {
    int t = x.length, d = c.headDim(), heads = c.numAttentionHeads(), groups = c.numQueryGroups();
    double[][] q = rope(linear(x, p + "q_proj", heads * d), heads);
    double[][] k = rope(linear(x, p + "k_proj", c.numKeyValueHeads() * d), c.numKeyValueHeads());
    double[][] v = linear(x, p + "v_proj", c.numKeyValueHeads() * d);
    double[][] out = new double[t][heads * d];
    for (int hd = 0; hd < heads; hd++) {
      int kv = hd / groups;
      for (int i = 0; i < t; i++) {
        double[] s = new double[i + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j <= i; j++) {
          double dot = 0;
          for (int e = 0; e < d; e++) dot += q[i][hd * d + e] * k[j][kv * d + e];
          s[j] = dot / Math.sqrt(d);
          max = Math.max(max, s[j]);
        }
        double sum = 0;
        for (int j = 0; j <= i; j++) sum += (s[j] = Math.exp(s[j] - max));
        for (int j = 0; j <= i; j++) for (int e = 0; e < d; e++) out[i][hd * d + e] += s[j] / sum * v[j][kv * d + e];
      }
    }
    return linear(out, p + "o_proj", c.hiddenSize());
  }

  private double[][] rope(double[][] x, int heads) {
    int d = c.headDim(), half = d / 2;
    for (int pos = 0; pos < x.length; pos++) {
      for (int hd = 0; hd < heads; hd++) {
        for (int i = 0; i < half; i++) {
          double angle = pos * Math.pow(c.ropeTheta(), -2.0 * i / d);
          double a = x[pos][hd * d + i], b = x[pos][hd * d + i + half];
          x[pos][hd * d + i] = a * Math.cos(angle) - b * Math.sin(angle);
          x[pos][hd * d + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
        }
      }
    }
    return x;
  }

  private double[][] norm(double[][] x, float[] weight) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double ms = 0;
      for (double v : x[i]) ms += v * v;
      double scale = 1 / Math.sqrt(ms / x[i].length + c.rmsNormEps());
      out[i] = new double[x[i].length];
      for (int j = 0; j < x[i].length; j++) out[i][j] = x[i][j] * scale * weight[j];
    }
    return out;
  }

  private double[][] linear(double[][] x, String name, int outFeatures) {
    float[] weight = w.get(name + ".weight");
    float[] bias = w.get(name + ".bias");
    int in = x[0].length;
    double[][] out = new double[x.length][outFeatures];
    for (int i = 0; i < x.length; i++) {
      for (int o = 0; o < outFeatures; o++) {
        double s = bias == null ? 0 : bias[o];
        for (int j = 0; j < in; j++) s += x[i][j] * weight[o * in + j];
        out[i][o] = s;
      }
    }
    return out;
  }

  private static void add(double[][] x, double[][] y) {
    for (int i = 0; i < x.length; i++) for (int j = 0; j < x[i].length; j++) x[i][j] += y[i][j];
  }
}
