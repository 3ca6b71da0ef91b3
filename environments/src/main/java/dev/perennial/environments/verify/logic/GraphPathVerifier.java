package dev.perennial.environments.verify.logic;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.Map;

/**
 * Graph search: 1 iff the answer equals the ground-truth path (or value) string, case-insensitive,
 * with all whitespace ignored ({@code "A -> B"} equals {@code "a->b"}).
 */
public final class GraphPathVerifier implements Verifier {
  @Override
  public String domain() { return "logic"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      if (groundTruth == null || groundTruth.isBlank()) return Score.fail("empty ground truth");
      Extraction ex = LogicAnswers.answer(response);
      if (!ex.found()) return Score.fail(ex.problem());
      String a = squash(ex.answer());
      if (a.isEmpty()) return Score.fail(ex.answer(), "empty answer");
      return a.equals(squash(groundTruth)) ? Score.pass(ex.answer(), "same path") : Score.fail(ex.answer(), "path differs from " + groundTruth.strip());
    } catch (RuntimeException e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private static String squash(String s) { return LogicAnswers.canonical(s).replace(" ", ""); }
}
