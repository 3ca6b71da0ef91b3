package dev.perennial.environments.verify.math;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Math: 1 iff the final answer (last {@code \boxed{}} or {@code <answer>}) is mathematically equal
 * to the ground truth — exact for numbers, symbolic (Symja, time-limited) for expressions, with
 * intervals, tuples, sets and unions compared by shape. The ground truth may be one string or a
 * JSON list of acceptable strings. The CAS starts on the first comparison that needs it.
 */
public final class MathVerifier implements Verifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MathEquivalence equivalence;
  private final int maxAnswerChars;

  public MathVerifier(VerifierSettings settings) {
    this(settings, () -> SymjaCas.shared(settings.casThreads()));
  }

  MathVerifier(VerifierSettings settings, Supplier<SymjaCas> cas) {
    this.equivalence = new MathEquivalence(cas, settings.casTimeout(), settings.casMaxChars(), settings.casMaxDepth());
    this.maxAnswerChars = settings.maxAnswerChars();
  }

  @Override
  public String domain() { return "math"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Extraction ex = AnswerExtractor.finalAnswer(response);
      if (!ex.found()) return Score.fail(ex.problem());
      if (ex.answer().length() > maxAnswerChars) return Score.fail("answer longer than " + maxAnswerChars + " characters");
      List<String> truths = truths(groundTruth);
      if (truths.isEmpty()) return Score.fail(ex.answer(), "empty ground truth");
      String answer = LatexNormalizer.normalize(ex.answer());
      String lastReason = "";
      for (String truth : truths) {
        CasVerdict v = equivalence.compare(answer, LatexNormalizer.normalize(truth));
        if (v.isEqual()) return Score.pass(ex.answer(), "equal to " + truth + ": " + v.reason());
        lastReason = v.reason();
      }
      return Score.fail(ex.answer(), "not equal to " + String.join(" / ", truths) + ": " + lastReason);
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public java.util.Optional<String> checkGroundTruth(String groundTruth) {
    return truths(groundTruth).isEmpty() ? java.util.Optional.of("math ground truth is empty") : java.util.Optional.empty();
  }

  static List<String> truths(String groundTruth) {
    if (groundTruth == null || groundTruth.isBlank()) return List.of();
    String g = groundTruth.strip();
    if (g.startsWith("[\"")) {
      try {
        JsonNode n = JSON.readTree(g);
        List<String> out = new ArrayList<>();
        n.forEach(x -> { if (x.isTextual() && !x.asText().isBlank()) out.add(unbox(x.asText())); });
        if (!out.isEmpty()) return out;
      } catch (java.io.IOException notJson) {
        // an interval like ["a", …) is not JSON; fall through to the plain string
      }
    }
    return List.of(unbox(g));
  }

  private static String unbox(String truth) {
    Extraction box = AnswerExtractor.lastBoxed(truth);
    return box.found() ? box.answer() : truth;
  }
}
