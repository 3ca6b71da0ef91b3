package dev.perennial.environments.verify.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.Score;
import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.Map;
import java.util.Optional;

/**
 * CruxEval: the model predicts the output of {@code f(input)} (mode "output", the default) or an
 * input giving a known output (mode "input"). {@code extra_info}: {@code code} (defines f),
 * {@code input} (argument source, output mode) or {@code output} (input mode). The prediction is
 * read from the last {@code <answer>}, {@code \boxed{}} or {@code [ANSWER]…[/ANSWER]}, with a
 * leading {@code assert f(…) ==} removed. It is run in the sandbox as
 * {@code assert f(input) == ast.literal_eval(prediction)} — passed in as a string and read with
 * {@code literal_eval}, so a prediction like {@code 1) or True or (1} cannot rewrite the assertion.
 * Without {@code code}, the prediction is compared with the ground-truth literal as a JSON value.
 */
public final class CruxEvalVerifier implements Verifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CodeRunner runner;
  private final VerifierSettings settings;

  public CruxEvalVerifier(CodeRunner runner, VerifierSettings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  @Override
  public String domain() { return "simulation"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      boolean inputMode = "input".equalsIgnoreCase(extraInfo.getOrDefault("mode", "output"));
      Optional<String> predicted = prediction(response, inputMode);
      if (predicted.isEmpty()) return Score.fail("no prediction found");
      String p = predicted.get();
      if (p.length() > 20_000) return Score.fail("prediction too long");
      String code = extraInfo.getOrDefault("code", "");
      if (code.isBlank()) return compareLiterals(p, groundTruth);
      String program = inputMode
          ? code + "\nimport ast as _a\n_args = _a.literal_eval(" + pyString("(" + p + ",)") + ")\n"
              + "assert f(*_args) == _a.literal_eval(" + pyString(extraInfo.getOrDefault("output", groundTruth)) + ")\n"
          : code + "\nimport ast as _a\n_want = _a.literal_eval(" + pyString(p) + ")\n"
              + "assert f(" + extraInfo.getOrDefault("input", "") + ") == _want\n";
      SandboxResult r = runner.run(new SandboxRequest("python", program, "", settings.codeCaseTimeout(), settings.codeMemoryBytes(), 16 * 1024));
      if (r != null && r.ok()) return Score.pass(p, "assertion holds with the predicted " + (inputMode ? "input" : "output"));
      String why = r == null ? "no sandbox result" : r.status() + " " + lastLine(r.stderr());
      return Score.fail(p, "assertion failed: " + why);
    } catch (RuntimeException | StackOverflowError | JsonProcessingException e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private static Score compareLiterals(String predicted, String groundTruth) {
    var a = JsonValues.parseLenient(predicted);
    var b = JsonValues.parseLenient(groundTruth);
    if (a.isEmpty() || b.isEmpty()) {
      return predicted.strip().equals(groundTruth.strip())
          ? Score.pass(predicted, "same literal") : Score.fail(predicted, "not a readable literal, text differs");
    }
    return JsonValues.equal(a.get(), b.get()) ? Score.pass(predicted, "equal literal") : Score.fail(predicted, "different value");
  }

  static Optional<String> prediction(String response, boolean inputMode) {
    String text = AnswerExtractor.afterThink(response);
    Extraction tagged = AnswerExtractor.finalAnswer(text);
    int crux = text.lastIndexOf("[/ANSWER]");
    String p = null;
    if (crux >= 0) {
      int open = text.lastIndexOf("[ANSWER]", crux);
      if (open >= 0 && (!tagged.found() || crux > tagged.end())) p = text.substring(open + 8, crux);
    }
    if (p == null && tagged.found()) p = tagged.answer();
    if (p == null) return Optional.empty();
    p = p.strip();
    if (p.startsWith("assert ")) {
      int eq = p.lastIndexOf("==");
      if (inputMode) {
        int open = p.indexOf('(');
        int close = eq >= 0 ? p.lastIndexOf(')', eq) : -1;
        if (open >= 0 && close > open) p = p.substring(open + 1, close);
      } else if (eq >= 0) {
        p = p.substring(eq + 2);
      }
    }
    p = p.strip();
    return p.isEmpty() ? Optional.empty() : Optional.of(p);
  }

  private static String pyString(String s) throws JsonProcessingException { return JSON.writeValueAsString(s); }

  private static String lastLine(String s) {
    if (s == null) return "";
    String t = s.strip();
    int i = t.lastIndexOf('\n');
    String l = i >= 0 ? t.substring(i + 1) : t;
    return l.length() > 160 ? l.substring(0, 160) + "…" : l;
  }
}
