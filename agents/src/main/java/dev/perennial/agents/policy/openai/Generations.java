package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.PolicyException;
import java.util.List;

/**
 * Builds a {@link Generation} from a server's answer. Token ids and log-probs are kept only when
 * both are complete and line up; otherwise both are left empty (the Policy SPI's "not trainable"
 * form), or, when training needs them, the generation fails with a message that says why.
 */
final class Generations {
  private Generations() {}

  static Generation of(ChoiceAccumulator acc, GenerationRequest request, OpenAiSettings settings, long elapsedMillis) {
    int[] ids = acc.tokenIds();
    float[] logprobs = new float[acc.logprobs().size()];
    boolean allFinite = true;
    for (int i = 0; i < logprobs.length; i++) {
      float v = acc.logprobs().get(i);
      allFinite &= Float.isFinite(v);
      logprobs[i] = v;
    }
    boolean usable = ids.length > 0 && ids.length == logprobs.length && allFinite;
    if (settings.requireLogprobs() && !usable) {
      throw new PolicyException(missing(acc, ids, logprobs.length, allFinite, settings), false);
    }
    FinishReason finish = finishReason(acc, request);
    String text = acc.text();
    if (finish == FinishReason.STOP && acc.stopReason() != null && acc.stopReason().isTextual()
        && !text.endsWith(acc.stopReason().asText())) {
      text += acc.stopReason().asText();   // the SPI keeps the stop string in the output
    }
    return new Generation(text, usable ? ids : new int[0], usable ? logprobs : new float[0], finish, List.of(),
        acc.policyVersion(), 0, elapsedMillis);
  }

  private static String missing(ChoiceAccumulator acc, int[] ids, int logprobCount, boolean allFinite, OpenAiSettings s) {
    String where = s.baseUrl() + s.endpoint().path() + " (model '" + s.model() + "')";
    if (!acc.sawLogprobs() || logprobCount == 0) {
      return where + " returned no log-probs, which training needs (require-logprobs = on); "
          + "use a server that returns them (vLLM, SGLang, perennial serve-policy)";
    }
    if (ids.length == 0) {
      return where + " returned no token ids, which training needs (require-logprobs = on); "
          + "the server must honour return_tokens_as_token_ids (vLLM) or return token_ids";
    }
    if (!allFinite) return where + " returned a null or non-finite log-prob for a sampled token";
    return where + " returned " + ids.length + " token ids but " + logprobCount + " log-probs";
  }

  /**
   * vLLM tells a stop string ({@code stop_reason} a string) from end-of-sequence (null or a token
   * id); other servers say only "stop", which is read as STOP when stop strings were requested.
   */
  static FinishReason finishReason(ChoiceAccumulator acc, GenerationRequest request) {
    String f = acc.finishReason();
    if ("length".equals(f)) return FinishReason.LENGTH;
    JsonNode stop = acc.stopReason();
    if (stop != null) return stop.isTextual() ? FinishReason.STOP : FinishReason.EOS;
    if (request.params().stop().isEmpty()) return FinishReason.EOS;
    String text = acc.text();
    return request.params().stop().stream().anyMatch(text::endsWith) || "stop".equals(f) ? FinishReason.STOP : FinishReason.EOS;
  }
}
