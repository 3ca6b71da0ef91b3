package dev.perennial.environments.verify.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.extract.Extraction;
import dev.perennial.environments.verify.simulation.JsonValues;
import java.util.Map;
import java.util.Optional;

/**
 * Zebra puzzles: score = fraction of correct cells of the ground truth's {@code rows} grid (the
 * {@code header} is ignored), cells compared case-insensitively; success only when all are
 * correct. The answer is JSON with {@code rows} (or a bare list of rows) in the final answer;
 * missing or unreadable rows give 0.
 */
public final class ZebraVerifier implements Verifier {
  @Override
  public String domain() { return "logic"; }

  @Override
  public Optional<String> checkGroundTruth(String groundTruth) {
    return rows(groundTruth).filter(r -> r.size() > 0).isPresent() ? Optional.empty() : Optional.of("zebra ground truth has no rows");
  }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Optional<JsonNode> truth = rows(groundTruth);
      if (truth.isEmpty() || truth.get().isEmpty()) return Score.fail("zebra ground truth has no rows");
      Extraction ex = LogicAnswers.answer(response);
      if (!ex.found()) return Score.fail(ex.problem());
      Optional<JsonNode> answer = rows(ex.answer());
      if (answer.isEmpty()) return Score.fail(ex.answer(), "no rows in the answer");
      int total = 0;
      int correct = 0;
      for (int i = 0; i < truth.get().size(); i++) {
        JsonNode tr = truth.get().get(i);
        JsonNode ar = answer.get().path(i);
        for (int j = 0; j < tr.size(); j++) {
          total++;
          JsonNode cell = ar.path(j);
          if (!cell.isMissingNode() && LogicAnswers.canonical(text(cell)).equals(LogicAnswers.canonical(text(tr.get(j))))) correct++;
        }
      }
      if (total == 0) return Score.fail(ex.answer(), "zebra ground truth has empty rows");
      double score = (double) correct / total;
      return new Score(score, correct == total, ex.answer(), correct + "/" + total + " cells correct");
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private static Optional<JsonNode> rows(String text) {
    Optional<JsonNode> node = JsonValues.parseLenient(text);
    if (node.isEmpty()) return Optional.empty();
    JsonNode rows = node.get().isObject() ? node.get().path("rows") : node.get();
    if (!rows.isArray()) return Optional.empty();
    for (JsonNode r : rows) if (!r.isArray()) return Optional.empty();
    return Optional.of(rows);
  }

  private static String text(JsonNode n) { return n.isTextual() ? n.asText() : n.toString(); }
}
