package dev.perennial.environments.hiddenop;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.math.BigInteger;
import java.util.Map;

/** 1 iff the final answer is exactly the ground-truth integer (no tolerance, no reformatting beyond spaces). */
public final class ExactIntegerVerifier implements Verifier {
  @Override
  public String domain() { return "arithmetic"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    Extraction ex = AnswerExtractor.finalAnswer(response);
    if (!ex.found()) return Score.fail(ex.problem());
    String a = ex.answer().strip();
    if (a.length() > 40 || !a.matches("[+-]?\\d+")) return Score.fail(a, "not an integer");
    try {
      BigInteger want = new BigInteger(groundTruth.strip());
      return new BigInteger(a).equals(want) ? Score.pass(a, "exact") : Score.fail(a, "expected " + want);
    } catch (NumberFormatException | NullPointerException e) {
      return Score.fail(a, "ground truth is not an integer");
    }
  }
}
