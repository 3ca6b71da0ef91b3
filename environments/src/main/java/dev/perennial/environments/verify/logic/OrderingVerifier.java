package dev.perennial.environments.verify.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.extract.Extraction;
import dev.perennial.environments.verify.simulation.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ordering puzzles: 1 iff the answer list equals the ground-truth list item by item, both sides
 * compared case-insensitively with whitespace collapsed (the reference lowercased only the
 * answer). Lists may be JSON, Python literals or comma-separated text.
 */
public final class OrderingVerifier implements Verifier {
  @Override
  public String domain() { return "logic"; }

  @Override
  public Optional<String> checkGroundTruth(String groundTruth) {
    return items(groundTruth).filter(l -> !l.isEmpty()).isPresent() ? Optional.empty() : Optional.of("ordering ground truth is not a list");
  }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Optional<List<String>> truth = items(groundTruth);
      if (truth.isEmpty() || truth.get().isEmpty()) return Score.fail("ordering ground truth is not a list");
      Extraction ex = LogicAnswers.answer(response);
      if (!ex.found()) return Score.fail(ex.problem());
      Optional<List<String>> answer = items(ex.answer());
      if (answer.isEmpty() || answer.get().isEmpty()) return Score.fail(ex.answer(), "the answer is not a list");
      return answer.get().equals(truth.get())
          ? Score.pass(ex.answer(), "same order")
          : Score.fail(ex.answer(), "order differs from " + truth.get());
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  static Optional<List<String>> items(String text) {
    if (text == null || text.isBlank()) return Optional.empty();
    String s = text.strip();
    List<String> out = new ArrayList<>();
    if (s.startsWith("[") || s.startsWith("(")) {
      Optional<JsonNode> node = JsonValues.parseLenient(s);
      if (node.isPresent() && node.get().isArray()) {
        for (JsonNode n : node.get()) out.add(LogicAnswers.canonical(n.isTextual() ? n.asText() : n.toString()));
        return Optional.of(out);
      }
      s = s.substring(1, s.length() - (s.endsWith("]") || s.endsWith(")") ? 1 : 0));
    }
    for (String part : s.split(",|\n|→|->|>")) {
      String c = LogicAnswers.canonical(part.replaceAll("^[\\s\\d.)-]*(?=\\S)", "").replace("\"", "").replace("'", ""));
      if (!c.isEmpty()) out.add(c);
    }
    return Optional.of(out);
  }
}
