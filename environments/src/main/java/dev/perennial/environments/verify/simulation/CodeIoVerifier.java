package dev.perennial.environments.verify.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.code.FencedCode;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CodeI/O: the model predicts a function's output (or input) as a JSON object. Ground truth is
 * {@code {"output": v}} or {@code {"input": v}}; the answer is the JSON in the last
 * {@code <answer>}/{@code \boxed{}} or else the last ```json block, and its value under the same key
 * (or the whole answer when it lacks the key) must equal {@code v} as a JSON value.
 */
public final class CodeIoVerifier implements Verifier {
  @Override
  public String domain() { return "simulation"; }

  @Override
  public Optional<String> checkGroundTruth(String groundTruth) {
    Optional<JsonNode> gt = JsonValues.parseLenient(groundTruth);
    if (gt.isEmpty() || !gt.get().isObject()) return Optional.of("CodeI/O ground truth must be a JSON object");
    if (!gt.get().has("output") && !gt.get().has("input")) return Optional.of("CodeI/O ground truth needs an \"output\" or \"input\" key");
    return Optional.empty();
  }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Optional<String> bad = checkGroundTruth(groundTruth);
      if (bad.isPresent()) return Score.fail(bad.get());
      JsonNode gt = JsonValues.parseLenient(groundTruth).orElseThrow();
      String key = gt.has("output") ? "output" : "input";
      Optional<String> text = answerText(response);
      if (text.isEmpty()) return Score.fail("no JSON answer found");
      Optional<JsonNode> answer = JsonValues.parseLenient(text.get());
      if (answer.isEmpty()) return Score.fail(text.get(), "the answer is not JSON");
      JsonNode predicted = answer.get().isObject() && answer.get().has(key) ? answer.get().get(key) : answer.get();
      return JsonValues.equal(predicted, gt.get(key))
          ? Score.pass(text.get(), "predicted " + key + " equals the ground truth")
          : Score.fail(text.get(), "predicted " + key + " differs from " + clip(gt.get(key).toString()));
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  static Optional<String> answerText(String response) {
    Extraction ex = AnswerExtractor.finalAnswer(response);
    if (ex.found()) return Optional.of(stripFence(ex.answer()));
    List<FencedCode.Block> blocks = FencedCode.blocks(AnswerExtractor.afterThink(response));
    for (int i = blocks.size() - 1; i >= 0; i--) {
      if (blocks.get(i).language().equals("json")) return Optional.of(blocks.get(i).code().strip());
    }
    return Optional.empty();
  }

  private static String stripFence(String s) {
    List<FencedCode.Block> blocks = FencedCode.blocks(s);
    return blocks.isEmpty() ? s.strip() : blocks.get(blocks.size() - 1).code().strip();
  }

  private static String clip(String s) { return s.length() > 120 ? s.substring(0, 120) + "…" : s; }
}
