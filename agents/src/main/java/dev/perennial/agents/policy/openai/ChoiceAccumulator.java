package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the first choice of a completions or chat answer: one JSON object when not streaming,
 * or the chunks of a stream in order. Reads text from {@code text}, {@code message.content} or
 * {@code delta.content}; log-probs from the completions shape ({@code logprobs.tokens} /
 * {@code token_logprobs}) or the chat shape ({@code logprobs.content[]}); token ids from vLLM's
 * {@code token_ids} or from tokens written as {@code token_id:N} ({@code return_tokens_as_token_ids}).
 */
final class ChoiceAccumulator {
  private static final String TOKEN_ID_PREFIX = "token_id:";

  private final StringBuilder text = new StringBuilder();
  private final List<String> tokens = new ArrayList<>();
  private final List<Float> logprobs = new ArrayList<>();
  private final List<Integer> tokenIds = new ArrayList<>();
  private String finishReason;
  private JsonNode stopReason;
  private long policyVersion;
  private boolean sawLogprobs;
  private boolean sawChoice;

  /** Adds one response object or stream chunk. */
  void add(JsonNode response) {
    if (response.hasNonNull("policy_version")) policyVersion = response.get("policy_version").asLong();
    JsonNode choices = response.path("choices");
    if (!choices.isArray() || choices.isEmpty()) return;   // e.g. a usage-only chunk
    JsonNode choice = choices.get(0);
    sawChoice = true;
    appendText(choice);
    appendLogprobs(choice.path("logprobs"));
    JsonNode ids = choice.path("token_ids");
    if (ids.isArray()) ids.forEach(id -> tokenIds.add(id.asInt()));
    if (choice.hasNonNull("finish_reason")) finishReason = choice.get("finish_reason").asText();
    if (choice.has("stop_reason")) stopReason = choice.get("stop_reason");
  }

  private void appendText(JsonNode choice) {
    for (JsonNode t : List.of(choice.path("text"), choice.path("message").path("content"), choice.path("delta").path("content"))) {
      if (t.isTextual()) text.append(t.asText());
    }
  }

  private void appendLogprobs(JsonNode lp) {
    if (!lp.isObject()) return;
    sawLogprobs = true;
    JsonNode content = lp.path("content");
    if (content.isArray()) {
      for (JsonNode entry : content) {
        tokens.add(entry.path("token").asText(""));
        logprobs.add(logprob(entry.path("logprob")));
      }
    } else {
      lp.path("tokens").forEach(t -> tokens.add(t.asText("")));
      lp.path("token_logprobs").forEach(v -> logprobs.add(logprob(v)));
    }
  }

  /**
   * Parsed from the decimal text straight to float (the mapper keeps floats as BigDecimal): going
   * through double first could round twice and miss the float the server wrote.
   */
  private static float logprob(JsonNode v) {
    if (!v.isNumber()) return Float.NaN;
    return v.isBigDecimal() ? v.decimalValue().floatValue() : v.floatValue();
  }

  boolean sawChoice() { return sawChoice; }

  boolean sawLogprobs() { return sawLogprobs; }

  String text() { return text.toString(); }

  String finishReason() { return finishReason; }

  /** vLLM's {@code stop_reason}: the matched stop string, a stop token id, or null; absent on other servers. */
  JsonNode stopReason() { return stopReason; }

  long policyVersion() { return policyVersion; }

  List<Float> logprobs() { return logprobs; }

  int tokenCount() { return tokens.size(); }

  /** The sampled token ids, or an empty array when the server exposed none. */
  int[] tokenIds() {
    if (!tokenIds.isEmpty()) return tokenIds.stream().mapToInt(Integer::intValue).toArray();
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      String t = tokens.get(i);
      if (!t.startsWith(TOKEN_ID_PREFIX)) return new int[0];
      try {
        ids[i] = Integer.parseInt(t.substring(TOKEN_ID_PREFIX.length()));
      } catch (NumberFormatException e) {
        return new int[0];
      }
    }
    return ids;
  }
}
