package dev.perennial.learner.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code manifest.json} of a checkpoint directory: which policy version and learner step the
 * weights are, their SHA-256 (what {@code PolicyPublished} announces and the policy server
 * verifies), the settings that produced them and the step's metrics. Written last, inside the
 * temporary directory, so a checkpoint directory with a manifest is complete.
 */
public record Manifest(long version, long step, String sha256, long createdAtMillis, Map<String, String> config,
    Map<String, Double> metrics) {
  public static final String FILE = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Manifest {
    config = Map.copyOf(config);
    metrics = Map.copyOf(metrics);
  }

  public void write(Path dir) throws IOException {
    Map<String, Object> doc = new java.util.LinkedHashMap<>();
    doc.put("version", version);
    doc.put("step", step);
    doc.put("sha256", sha256);
    doc.put("createdAtMillis", createdAtMillis);
    doc.put("config", new java.util.TreeMap<>(config));
    Map<String, Object> finite = new java.util.TreeMap<>();
    // JSON has no NaN: a metric that is not defined for this step is left out
    metrics.forEach((k, v) -> { if (Double.isFinite(v)) finite.put(k, v); });
    doc.put("metrics", finite);
    Files.write(dir.resolve(FILE), JSON.writeValueAsBytes(doc));
  }

  public static Manifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) throw new IOException("no " + FILE + " in " + dir);
    try {
      var n = JSON.readTree(file.toFile());
      Map<String, String> config = new java.util.HashMap<>();
      n.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
      Map<String, Double> metrics = new java.util.HashMap<>();
      n.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
      if (!n.hasNonNull("version") || !n.hasNonNull("sha256")) throw new IOException(file + " lacks version or sha256");
      return new Manifest(n.get("version").asLong(), n.path("step").asLong(), n.get("sha256").asText(),
          n.path("createdAtMillis").asLong(), config, metrics);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
