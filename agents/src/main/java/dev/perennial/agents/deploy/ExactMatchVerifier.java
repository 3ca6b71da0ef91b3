package dev.perennial.agents.deploy;

import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import java.util.Map;

/**
 * The verifier of last resort for outside tasks that come with a ground truth but name no domain:
 * the answer passes when it equals the truth after trimming and collapsing whitespace. Its reason
 * reveals the expected answer, which is what the agent's update episode learns from.
 */
public final class ExactMatchVerifier implements Verifier {
  public static final String NAME = "exact";

  @Override
  public String domain() { return NAME; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    String got = normalize(response);
    String want = normalize(groundTruth);
    if (want.isEmpty()) return Score.fail(got, "no ground truth to compare with");
    return got.equals(want) ? Score.pass(got, "correct: " + want)
        : Score.fail(got, "wrong: expected " + want + ", got " + (got.isEmpty() ? "no answer" : got));
  }

  private static String normalize(String s) { return s == null ? "" : s.strip().replaceAll("\\s+", " "); }
}
