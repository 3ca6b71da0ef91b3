package dev.perennial.runtime.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Generation} as an OpenAI completions or chat answer, whole or as stream chunks.
 *
 * <p>Tokens are written as {@code token_id:N} (vLLM's {@code return_tokens_as_token_ids} form):
 * the Policy SPI gives token ids and log-probs but no per-token text. Only the sampled token's
 * log-prob is known, so {@code top_logprobs} holds just that one. Extra fields, ignored by OpenAI
 * SDKs: {@code token_ids} and {@code stop_reason} per choice (as vLLM), {@code policy_version}.
 * Following OpenAI, the matched stop string is cut from the text unless the request asked to
 * include it; the token ids keep it.
 */
final class ResponseWriter {
  private final ObjectMapper json;
  private final String model;

  ResponseWriter(ObjectMapper json, String model) {
    this.json = json;
    this.model = model;
  }

  ObjectNode whole(ApiCall call, Generation g, long created) {
    Answer a = Answer.of(call, g);
    ObjectNode root = header(call, g, created, call.chat() ? "chat.completion" : "text_completion");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    if (call.chat()) choice.putObject("message").put("role", "assistant").put("content", a.text);
    else choice.put("text", a.text);
    if (call.logprobs()) choice.set("logprobs", logprobs(call, g, 0, g.tokenIds().length));
    else choice.putNull("logprobs");
    finish(choice, a);
    tokenIds(choice, g, 0, g.tokenIds().length);
    int prompt = g.injectedTokenIds().stream().mapToInt(ids -> ids.length).sum();
    root.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", g.tokenIds().length)
        .put("total_tokens", prompt + g.tokenIds().length);
    return root;
  }

  /**
   * The stream replays the finished generation: the text in the first content chunk, one chunk per
   * token carrying its log-prob and id, then a chunk with the finish reason.
   */
  List<ObjectNode> chunks(ApiCall call, Generation g, long created) {
    Answer a = Answer.of(call, g);
    String object = call.chat() ? "chat.completion.chunk" : "text_completion";
    List<ObjectNode> out = new ArrayList<>();
    if (call.chat()) {
      ObjectNode first = header(call, g, created, object);
      ObjectNode c = first.putArray("choices").addObject();
      c.put("index", 0).putObject("delta").put("role", "assistant").put("content", "");
      c.putNull("logprobs").putNull("finish_reason");
      out.add(first);
    }
    int n = g.tokenIds().length;
    for (int i = 0; i < Math.max(1, n); i++) {
      ObjectNode chunk = header(call, g, created, object);
      ObjectNode c = chunk.putArray("choices").addObject();
      c.put("index", 0);
      String text = i == 0 ? a.text : "";
      if (call.chat()) c.putObject("delta").put("content", text);
      else c.put("text", text);
      if (call.logprobs() && n > 0) c.set("logprobs", logprobs(call, g, i, i + 1));
      else c.putNull("logprobs");
      c.putNull("finish_reason");
      if (n > 0) tokenIds(c, g, i, i + 1);
      out.add(chunk);
    }
    ObjectNode last = header(call, g, created, object);
    ObjectNode c = last.putArray("choices").addObject();
    c.put("index", 0);
    if (call.chat()) c.putObject("delta");
    else c.put("text", "");
    c.putNull("logprobs");
    finish(c, a);
    out.add(last);
    return out;
  }

  private ObjectNode header(ApiCall call, Generation g, long created, String object) {
    ObjectNode root = json.createObjectNode();
    root.put("id", call.request().requestId());
    root.put("object", object);
    root.put("created", created);
    root.put("model", model);
    root.put("policy_version", g.policyVersion());
    return root;
  }

  private void finish(ObjectNode choice, Answer a) {
    choice.put("finish_reason", a.finishReason);
    if (a.stopString != null) choice.put("stop_reason", a.stopString);
    else choice.putNull("stop_reason");
  }

  private static void tokenIds(ObjectNode choice, Generation g, int from, int to) {
    ArrayNode ids = choice.putArray("token_ids");
    for (int i = from; i < to; i++) ids.add(g.tokenIds()[i]);
  }

  private ObjectNode logprobs(ApiCall call, Generation g, int from, int to) {
    ObjectNode lp = json.createObjectNode();
    boolean known = g.logprobs().length == g.tokenIds().length;
    if (call.chat()) {
      ArrayNode content = lp.putArray("content");
      for (int i = from; i < to; i++) {
        ObjectNode e = content.addObject();
        e.put("token", "token_id:" + g.tokenIds()[i]);
        if (known) e.put("logprob", g.logprobs()[i]); else e.putNull("logprob");
        e.putNull("bytes");
        ArrayNode top = e.putArray("top_logprobs");
        if (call.topLogprobs() > 0 && known) {
          top.addObject().put("token", "token_id:" + g.tokenIds()[i]).put("logprob", g.logprobs()[i]).putNull("bytes");
        }
      }
      return lp;
    }
    ArrayNode tokens = lp.putArray("tokens");
    ArrayNode values = lp.putArray("token_logprobs");
    ArrayNode top = call.topLogprobs() > 0 ? lp.putArray("top_logprobs") : null;
    if (top == null) lp.putNull("top_logprobs");
    for (int i = from; i < to; i++) {
      String t = "token_id:" + g.tokenIds()[i];
      tokens.add(t);
      if (known) values.add(g.logprobs()[i]); else values.addNull();
      if (top != null && known) top.addObject().put(t, g.logprobs()[i]);
    }
    return lp;
  }

  /** Text, finish reason and matched stop string as OpenAI reports them. */
  private record Answer(String text, String finishReason, String stopString) {
    static Answer of(ApiCall call, Generation g) {
      String text = g.text();
      if (g.finishReason() == FinishReason.LENGTH) return new Answer(text, "length", null);
      if (g.finishReason() == FinishReason.EOS) return new Answer(text, "stop", null);
      String matched = call.request().params().stop().stream().filter(text::endsWith).findFirst().orElse(null);
      if (matched != null && !call.includeStop()) text = text.substring(0, text.length() - matched.length());
      return new Answer(text, "stop", matched);
    }
  }
}
