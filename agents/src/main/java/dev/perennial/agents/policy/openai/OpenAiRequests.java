package dev.perennial.agents.policy.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;

/**
 * Request bodies for {@code /v1/completions} and {@code /v1/chat/completions}. A completions prompt
 * is the context's text concatenated. A chat request maps injected segments (prompt, tool output,
 * feedback) to user messages and generated segments to assistant messages, merging neighbours of
 * the same role, since OpenAI chat has no other way to express an interleaved context.
 */
final class OpenAiRequests {
  private final OpenAiSettings settings;
  private final ObjectMapper json;

  OpenAiRequests(OpenAiSettings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  byte[] body(GenerationRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("model", settings.model());
    if (settings.endpoint() == OpenAiSettings.Endpoint.CHAT) {
      body.set("messages", messages(request));
      if (settings.logprobs()) {
        body.put("logprobs", true);
        if (settings.topLogprobs() > 0) body.put("top_logprobs", settings.topLogprobs());
      }
    } else {
      StringBuilder prompt = new StringBuilder();
      for (Segment s : request.context()) prompt.append(s.text());
      body.put("prompt", prompt.toString());
      if (settings.logprobs()) body.put("logprobs", settings.topLogprobs());
    }
    sampling(body, request.params(), request.seed());
    body.put("n", 1);
    body.put("stream", settings.stream());
    try {
      return json.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
  }

  private void sampling(ObjectNode body, SamplingParams p, long seed) {
    body.put("max_tokens", p.maxTokens());
    body.put("temperature", p.temperature());
    if (p.topP() < 1) body.put("top_p", p.topP());
    if (!p.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      p.stop().forEach(stop::add);
    }
    body.put("seed", seed);
    if (settings.vllmExtensions()) {
      if (p.topK() > 0) body.put("top_k", p.topK());
      body.put("return_tokens_as_token_ids", true);
      body.put("include_stop_str_in_output", true);
    }
  }

  private ArrayNode messages(GenerationRequest request) {
    ArrayNode messages = json.createArrayNode();
    String role = null;
    StringBuilder content = new StringBuilder();
    for (Segment s : request.context()) {
      String r = s instanceof Segment.Generated ? "assistant" : "user";
      if (role != null && !role.equals(r)) {
        messages.addObject().put("role", role).put("content", content.toString());
        content.setLength(0);
      }
      role = r;
      content.append(s.text());
    }
    if (role != null) messages.addObject().put("role", role).put("content", content.toString());
    return messages;
  }
}
