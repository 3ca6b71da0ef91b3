package dev.perennial.environments.verify.code;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.Score;
import dev.perennial.environments.sandbox.CodeRunner;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.simulation.JsonValues;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Code generation: runs the last python block of the response against the row's tests in the
 * injected sandbox. Ground truth (JSON): {@code {"functional": test_code}} — one program made of
 * {@code extra_info.prefix}, the solution and the asserts, passing iff it exits 0; or
 * {@code {"inputs": […], "outputs": […]}} — stdin/stdout cases compared by {@link OutputMatch}; or
 * the same with {@code "fn_name"} — each input is an argument list for that function and its
 * return value is compared as a JSON value. Score 1 iff every case passes (or the fraction passed
 * with partial credit). Cases share one total time budget; the verifier's logic does not depend on
 * which {@link CodeRunner} runs the code.
 */
public final class CodeVerifier implements Verifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OUTPUT_CAP = 1 << 20;
  private final CodeRunner runner;
  private final VerifierSettings settings;

  public CodeVerifier(CodeRunner runner, VerifierSettings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  @Override
  public String domain() { return "code"; }

  @Override
  public Optional<String> checkGroundTruth(String groundTruth) {
    try {
      JsonNode gt = JSON.readTree(groundTruth);
      if (gt == null || !gt.isObject()) return Optional.of("code ground truth must be a JSON object");
      if (gt.path("functional").isTextual()) return Optional.empty();
      JsonNode in = gt.path("inputs");
      JsonNode out = gt.path("outputs");
      if (!in.isArray() || !out.isArray()) return Optional.of("code ground truth needs \"functional\" or \"inputs\"/\"outputs\" arrays");
      if (in.size() != out.size()) return Optional.of("inputs (" + in.size() + ") and outputs (" + out.size() + ") differ in length");
      if (in.isEmpty()) return Optional.of("no test cases");
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("code ground truth is not JSON");
    }
  }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Optional<String> bad = checkGroundTruth(groundTruth);
      if (bad.isPresent()) return Score.fail(bad.get());
      Optional<String> code = FencedCode.lastPython(AnswerExtractor.afterThink(response));
      if (code.isEmpty() || code.get().isBlank()) return Score.fail("no python code block in the response");
      JsonNode gt = JSON.readTree(groundTruth);
      boolean partial = settings.codePartialCredit() || "true".equalsIgnoreCase(extraInfo.getOrDefault("partial_credit", ""));
      if (gt.path("functional").isTextual()) return functional(code.get(), gt.path("functional").asText(), extraInfo);
      return cases(code.get(), gt, partial);
    } catch (IOException | RuntimeException e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private Score functional(String code, String tests, Map<String, String> extraInfo) {
    String prefix = extraInfo.getOrDefault("prefix", "");
    String program = prefix + (prefix.isEmpty() ? "" : "\n") + code + "\n\n" + tests + "\n";
    SandboxResult r = run(program, "", settings.codeCaseTimeout());
    if (r.ok()) return Score.pass(abbreviate(code), "all asserts passed");
    return Score.fail(abbreviate(code), "tests failed: " + describe(r));
  }

  private Score cases(String code, JsonNode gt, boolean partial) {
    JsonNode inputs = gt.path("inputs");
    JsonNode outputs = gt.path("outputs");
    String fn = gt.path("fn_name").asText("");
    long deadline = System.nanoTime() + settings.codeTotalTimeout().toNanos();
    int passed = 0;
    String firstFailure = "";
    for (int i = 0; i < inputs.size(); i++) {
      long left = deadline - System.nanoTime();
      String failure;
      if (left <= 0) {
        failure = "case " + (i + 1) + ": total time budget exhausted";
      } else {
        Duration limit = Duration.ofNanos(Math.min(left, settings.codeCaseTimeout().toNanos()));
        failure = fn.isEmpty() ? stdioCase(code, inputs.get(i), outputs.get(i), limit) : callCase(code, fn, inputs.get(i), outputs.get(i), limit);
        if (!failure.isEmpty()) failure = "case " + (i + 1) + ": " + failure;
      }
      if (failure.isEmpty()) passed++;
      else {
        if (firstFailure.isEmpty()) firstFailure = failure;
        if (!partial) break;
      }
    }
    int n = inputs.size();
    String answer = abbreviate(code);
    if (passed == n) return Score.pass(answer, "all " + n + " cases passed");
    double score = partial ? (double) passed / n : 0.0;
    return new Score(score, false, answer, passed + "/" + n + " cases passed; " + firstFailure);
  }

  private String stdioCase(String code, JsonNode input, JsonNode expected, Duration limit) {
    SandboxResult r = run(code, text(input), limit);
    if (!r.ok()) return describe(r);
    return OutputMatch.difference(r.stdout(), text(expected));
  }

  private String callCase(String code, String fn, JsonNode args, JsonNode expected, Duration limit) {
    String harness = code + "\n\nimport json as _j, sys as _s\n_args = _j.loads(_s.stdin.read())\n"
        + "_r = " + safeName(fn) + "(*_args) if isinstance(_args, list) else " + safeName(fn) + "(_args)\n"
        + "print(_j.dumps(_r))\n";
    SandboxResult r = run(harness, args.toString(), limit);
    if (!r.ok()) return describe(r);
    try {
      JsonNode got = JSON.readTree(r.stdout().strip());
      // TACO-style rows wrap each expected return value in a one-element list
      boolean ok = JsonValues.equal(got, expected) || (expected.isArray() && expected.size() == 1 && JsonValues.equal(got, expected.get(0)));
      return ok ? "" : "returned " + abbreviate(got.toString()) + ", expected " + abbreviate(expected.toString());
    } catch (IOException e) {
      return "return value is not JSON-serialisable";
    }
  }

  private SandboxResult run(String program, String stdin, Duration limit) {
    SandboxRequest req = new SandboxRequest("python", program, stdin, limit, settings.codeMemoryBytes(), OUTPUT_CAP);
    try {
      SandboxResult r = runner.run(req);
      return r == null ? new SandboxResult(SandboxResult.Status.SANDBOX_FAILURE, -1, "", "no result", 0) : r;
    } catch (RuntimeException e) {
      return new SandboxResult(SandboxResult.Status.SANDBOX_FAILURE, -1, "", e.toString(), 0);
    }
  }

  private static String describe(SandboxResult r) {
    String err = r.stderr() == null ? "" : r.stderr().strip();
    int cut = err.lastIndexOf('\n');
    String lastLine = cut >= 0 ? err.substring(cut + 1) : err;
    return r.status() + (r.status() == SandboxResult.Status.OK ? " exit " + r.exitCode() : "") + (lastLine.isEmpty() ? "" : ": " + abbreviate(lastLine));
  }

  private static String text(JsonNode n) { return n.isTextual() ? n.asText() : n.toString(); }

  private static String safeName(String fn) {
    return fn.matches("[A-Za-z_][A-Za-z0-9_.]{0,100}") ? fn : "_invalid_function_name";
  }

  private static String abbreviate(String s) { return s.length() > 200 ? s.substring(0, 200) + "…" : s; }
}
