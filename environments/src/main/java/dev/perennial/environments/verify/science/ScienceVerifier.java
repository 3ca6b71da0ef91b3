package dev.perennial.environments.verify.science;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Science (GPQA, SuperGPQA, WebInstruct-style rows). Multiple choice (ground truth one letter
 * A–J): the letter from the last {@code \boxed{}}/{@code <answer>} or an {@code Answer: X} line,
 * whichever comes last, compared case-insensitively; nothing extracted scores 0 (never a random
 * letter). Numeric ground truths: relative tolerance {@code extra_info.tolerance} (default from
 * settings) after unit conversion by SI prefix; an answer without a unit is read in the ground
 * truth's unit. Other ground truths need the configured {@link AnswerJudge}; without one the row
 * scores 0 with a reason that says so.
 */
public final class ScienceVerifier implements Verifier {
  private static final Pattern LETTER_TRUTH = Pattern.compile("^\\(?([A-Ja-j])\\)?\\.?$");
  private static final Pattern ANSWER_LINE = Pattern.compile("(?i:answer)\\s*(?i:is)?\\s*[:：]?\\s*\\**\\s*\\(?([A-J])\\)?(?![A-Za-z])");
  private static final Pattern LETTER_IN_ANSWER = Pattern.compile("^(?:option\\s+|choice\\s+)?\\(?([A-Ja-j])\\)?(?:[.):\\s]|$)", Pattern.CASE_INSENSITIVE);

  private final double defaultTolerance;
  private final Optional<AnswerJudge> judge;

  public ScienceVerifier(VerifierSettings settings, Optional<AnswerJudge> judge) {
    this.defaultTolerance = settings.scienceRelativeTolerance();
    this.judge = judge;
  }

  @Override
  public String domain() { return "science"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      if (groundTruth == null || groundTruth.isBlank()) return Score.fail("empty ground truth");
      String gt = groundTruth.strip();
      Matcher letter = LETTER_TRUTH.matcher(gt);
      if (letter.matches()) return choice(response, letter.group(1).toUpperCase(Locale.ROOT));
      Optional<Quantity> want = Quantity.parse(gt);
      Extraction ex = AnswerExtractor.finalAnswer(response);
      if (want.isPresent()) return numeric(ex, want.get(), extraInfo);
      if (!ex.found()) return Score.fail(ex.problem());
      if (judge.isPresent()) return judge.get().judge(ex.answer(), gt, extraInfo);
      return Score.fail(ex.answer(), "free-form answer needs a judge model; none is configured");
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private static Score choice(String response, String want) {
    String text = AnswerExtractor.afterThink(response);
    Extraction ex = AnswerExtractor.finalAnswer(text);
    String picked = null;
    int pickedAt = -1;
    if (ex.found()) {
      Matcher m = LETTER_IN_ANSWER.matcher(ex.answer().replaceAll("\\\\text\\s*\\{([^{}]*)\\}", "$1").strip());
      if (m.find()) {
        picked = m.group(1).toUpperCase(Locale.ROOT);
        pickedAt = ex.end();
      }
    }
    Matcher line = ANSWER_LINE.matcher(text);
    while (line.find()) {
      if (line.end() > pickedAt) {
        picked = line.group(1).toUpperCase(Locale.ROOT);
        pickedAt = line.end();
      }
    }
    if (picked == null) return Score.fail("no choice letter found");
    return picked.equals(want) ? Score.pass(picked, "chose " + want) : Score.fail(picked, "chose " + picked + ", correct is " + want);
  }

  private Score numeric(Extraction ex, Quantity want, Map<String, String> extraInfo) {
    if (!ex.found()) return Score.fail(ex.problem());
    Optional<Quantity> got = Quantity.parse(ex.answer());
    if (got.isEmpty()) return Score.fail(ex.answer(), "the answer is not a number");
    Optional<Double> v = got.get().in(want.unit());
    if (v.isEmpty()) return Score.fail(ex.answer(), "unit " + got.get().unit() + " is not convertible to " + want.unit());
    double tol = tolerance(extraInfo);
    double diff = Math.abs(v.get() - want.value());
    boolean ok = want.value() == 0 ? diff <= tol : diff <= tol * Math.abs(want.value());
    String detail = String.format(Locale.ROOT, "%s vs %s (relative tolerance %.1g)", v.get(), want.value(), tol);
    return ok ? Score.pass(ex.answer(), "within tolerance: " + detail) : Score.fail(ex.answer(), "outside tolerance: " + detail);
  }

  private double tolerance(Map<String, String> extraInfo) {
    String t = extraInfo.getOrDefault("tolerance", extraInfo.getOrDefault("rel_tol", ""));
    try {
      double v = t.isBlank() ? defaultTolerance : Double.parseDouble(t);
      return v > 0 && v < 1 ? v : defaultTolerance;
    } catch (NumberFormatException e) {
      return defaultTolerance;
    }
  }
}
