package dev.perennial.environments.verify.science;

import dev.perennial.environments.Score;
import java.util.Map;

/**
 * Scores a free-form science answer that no rule can check (an OpenAI-compatible judge model in
 * production). Without one configured the science verifier says so in its reason rather than
 * scoring such rows silently.
 */
public interface AnswerJudge {
  Score judge(String answer, String groundTruth, Map<String, String> extraInfo);
}
