package dev.perennial.runtime.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Validates an OpenAI completions or chat request body into an {@link ApiCall}; anything it cannot
 * honour faithfully (n &gt; 1, echo, token-id prompts, bad types) is a 400 that names the field.
 * Unknown fields are ignored, as vLLM does.
 */
final class RequestParser {
  private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  private final OpenAiServerSettings settings;

  RequestParser(OpenAiServerSettings settings) { this.settings = settings; }

  ApiCall parse(JsonNode body, boolean chat) {
    if (body == null || !body.isObject()) throw ApiError.invalid(null, "the request body must be a JSON object");
    JsonNode model = body.path("model");
    if (!model.isTextual()) throw ApiError.invalid("model", "`model` is required and must be a string");
    if (!model.asText().equals(settings.modelName())) throw ApiError.unknownModel(model.asText());
    if (body.path("n").isNumber() && body.path("n").asInt() != 1) throw ApiError.invalid("n", "only n = 1 is supported");
    if (body.path("echo").asBoolean(false)) throw ApiError.invalid("echo", "echo is not supported");

    List<Segment> context = chat ? settings.chatTemplate().render(messages(body.path("messages"))) : prompt(body.path("prompt"));
    JsonNode maxTokensNode = chat && body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.path("max_tokens");
    int maxTokens = intIn(maxTokensNode, "max_tokens", settings.defaultMaxTokens(), 1, settings.maxTokensLimit());
    double temperature = numberIn(body.path("temperature"), "temperature", 1.0, 0, Double.MAX_VALUE);
    double topP = numberIn(body.path("top_p"), "top_p", 1.0, 0, 1);
    if (topP == 0) throw ApiError.invalid("top_p", "`top_p` must be in (0, 1], got 0");
    int topK = intIn(body.path("top_k"), "top_k", -1, -1, Integer.MAX_VALUE);
    long seed = body.path("seed").isIntegralNumber() ? body.get("seed").asLong() : ThreadLocalRandom.current().nextLong();
    if (body.hasNonNull("seed") && !body.get("seed").isIntegralNumber()) throw ApiError.invalid("seed", "`seed` must be an integer");
    var params = new SamplingParams(temperature, topP, topK <= 0 ? 0 : topK, maxTokens, stops(body.path("stop")));

    boolean logprobs;
    int top;
    if (chat) {
      logprobs = bool(body.path("logprobs"), "logprobs");
      top = intIn(body.path("top_logprobs"), "top_logprobs", 0, 0, 20);
    } else {
      logprobs = body.hasNonNull("logprobs");
      top = intIn(body.path("logprobs"), "logprobs", 0, 0, 20);
    }
    String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
    return new ApiCall(new GenerationRequest(id, context, params, seed), chat, bool(body.path("stream"), "stream"),
        logprobs, top, bool(body.path("include_stop_str_in_output"), "include_stop_str_in_output"));
  }

  private static List<Segment> prompt(JsonNode prompt) {
    if (prompt.isTextual()) return List.of(new Segment.Injected(prompt.asText()));
    if (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
      return List.of(new Segment.Injected(prompt.get(0).asText()));
    }
    if (prompt.isArray() && prompt.size() > 0 && prompt.get(0).isNumber()) {
      throw ApiError.invalid("prompt", "token-id prompts are not supported: send the prompt as text");
    }
    throw ApiError.invalid("prompt", "`prompt` is required and must be a string (or a list of exactly one string)");
  }

  private static List<ChatTemplate.Message> messages(JsonNode messages) {
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiError.invalid("messages", "`messages` is required and must be a non-empty list");
    }
    List<ChatTemplate.Message> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (!ROLES.contains(role)) {
        throw ApiError.invalid("messages[" + i + "].role", "unknown role '" + role + "' (expected one of " + ROLES + ")");
      }
      out.add(new ChatTemplate.Message(role, content(m.path("content"), i)));
    }
    return out;
  }

  /** A string, or OpenAI's list of content parts of which only text parts are supported. */
  private static String content(JsonNode content, int i) {
    if (content.isTextual()) return content.asText();
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
          throw ApiError.invalid("messages[" + i + "].content", "only text content parts are supported");
        }
        sb.append(part.get("text").asText());
      }
      return sb.toString();
    }
    if (content.isNull() || content.isMissingNode()) return "";
    throw ApiError.invalid("messages[" + i + "].content", "content must be a string or a list of text parts");
  }

  private static List<String> stops(JsonNode stop) {
    if (stop.isMissingNode() || stop.isNull()) return List.of();
    if (stop.isTextual()) return List.of(stop.asText());
    if (stop.isArray()) {
      List<String> out = new ArrayList<>();
      for (JsonNode s : stop) {
        if (!s.isTextual() || s.asText().isEmpty()) throw ApiError.invalid("stop", "`stop` entries must be non-empty strings");
        out.add(s.asText());
      }
      return out;
    }
    throw ApiError.invalid("stop", "`stop` must be a string or a list of strings");
  }

  private static boolean bool(JsonNode n, String name) {
    if (n.isMissingNode() || n.isNull()) return false;
    if (!n.isBoolean()) throw ApiError.invalid(name, "`" + name + "` must be true or false");
    return n.asBoolean();
  }

  private static int intIn(JsonNode n, String name, int dflt, int min, int max) {
    if (n.isMissingNode() || n.isNull()) return dflt;
    if (!n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      throw ApiError.invalid(name, "`" + name + "` must be an integer in [" + min + ", " + max + "], got " + n);
    }
    return n.asInt();
  }

  private static double numberIn(JsonNode n, String name, double dflt, double min, double max) {
    if (n.isMissingNode() || n.isNull()) return dflt;
    if (!n.isNumber() || n.asDouble() < min || n.asDouble() > max) {
      throw ApiError.invalid(name, "`" + name + "` must be a number in [" + min + ", " + max + "], got " + n);
    }
    return n.asDouble();
  }
}
