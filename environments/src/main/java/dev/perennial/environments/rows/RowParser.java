package dev.perennial.environments.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates one row (JSON text) against the Guru/verl schema of VERIFIERS.md and returns either
 * the row or the reason it is unusable: not JSON, missing or mistyped fields, a {@code data_source}
 * no verifier handles, or a ground truth of the wrong shape for its domain. In {@link Mode#TRAINING}
 * a prompt is required; in {@link Mode#SCORING} a {@code response} is, and the ground truth may
 * also sit at the top level.
 */
public final class RowParser {
  public enum Mode { TRAINING, SCORING }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final VerifierRegistry registry;
  private final Mode mode;

  public RowParser(VerifierRegistry registry, Mode mode) {
    this.registry = registry;
    this.mode = mode;
  }

  /** The row, or the issue that makes it unusable. Never throws. */
  public Parsed parse(long rowNumber, String jsonText) {
    JsonNode node;
    try {
      node = JSON.readTree(jsonText);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      return issue(rowNumber, "not valid JSON");
    }
    if (node == null || !node.isObject()) return issue(rowNumber, "a row must be a JSON object");
    return parse(rowNumber, node);
  }

  public Parsed parse(long rowNumber, JsonNode node) {
    JsonNode ds = node.path("data_source");
    if (!ds.isTextual() || ds.asText().isBlank()) return issue(rowNumber, "missing data_source");
    Optional<Verifier> verifier = registry.find(ds.asText());
    if (verifier.isEmpty()) return issue(rowNumber, "unknown data_source '" + ds.asText() + "'");
    List<GuruRow.Message> prompt = new ArrayList<>();
    JsonNode p = node.path("prompt");
    if (!p.isMissingNode() && !p.isNull()) {
      if (!p.isArray()) return issue(rowNumber, "prompt must be a list of {role, content}");
      for (JsonNode m : p) {
        if (!m.path("role").isTextual() || !m.path("content").isTextual()) return issue(rowNumber, "prompt message without string role/content");
        prompt.add(new GuruRow.Message(m.get("role").asText(), m.get("content").asText()));
      }
    }
    if (mode == Mode.TRAINING && prompt.isEmpty()) return issue(rowNumber, "missing prompt");
    JsonNode gt = node.path("reward_model").path("ground_truth");
    if (gt.isMissingNode() && mode == Mode.SCORING) gt = node.path("ground_truth");
    if (gt.isMissingNode() || gt.isNull()) return issue(rowNumber, "missing reward_model.ground_truth");
    String truth = gt.isTextual() ? gt.asText() : gt.toString();
    Optional<String> shape = verifier.get().checkGroundTruth(truth);
    if (shape.isPresent()) return issue(rowNumber, "ground truth of the wrong shape: " + shape.get());
    JsonNode ei = node.path("extra_info");
    if (!ei.isMissingNode() && !ei.isNull() && !ei.isObject()) return issue(rowNumber, "extra_info must be an object");
    Optional<String> response = Optional.empty();
    JsonNode r = node.path("response");
    if (mode == Mode.SCORING) {
      if (!r.isTextual()) return issue(rowNumber, "missing response (the model output to score)");
      response = Optional.of(r.asText());
    }
    String ability = node.path("ability").isTextual() ? node.get("ability").asText() : "";
    return new Parsed(Optional.of(new GuruRow(rowNumber, ds.asText(), prompt, ability, truth, strings(ei), response)), Optional.empty());
  }

  private static Map<String, String> strings(JsonNode obj) {
    Map<String, String> out = new LinkedHashMap<>();
    if (obj == null || !obj.isObject()) return out;
    Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isNull()) continue;
      out.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
    }
    return out;
  }

  private static Parsed issue(long row, String reason) {
    return new Parsed(Optional.empty(), Optional.of(new RowIssue(row, reason)));
  }

  /** Exactly one of {@code row} and {@code issue} is present. */
  public record Parsed(Optional<GuruRow> row, Optional<RowIssue> issue) {}
}
