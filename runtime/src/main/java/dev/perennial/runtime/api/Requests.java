package dev.perennial.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.deploy.PolicySpec;
import dev.perennial.runtime.serve.ServeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads the API's request bodies into the agents' types, checking each field's type and size:
 * any mistake (a missing or misspelt field, a wrong type, an oversize text) is a 400 naming the
 * field, never a default silently taken.
 */
final class Requests {
  /** Agent and task ids: safe in URLs, journal keys and episode ids. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_TEXT = 16_000;

  /** A create-agent request. */
  record NewAgent(String id, AgentProfile profile) {}

  /** A task submission; {@code patience} (the request's "wait") is how long to hold the response for the answer (zero: answer at once). */
  record NewTask(ExternalTask task, Duration patience) {}

  private final ServeSettings settings;

  Requests(ServeSettings settings) { this.settings = settings; }

  NewAgent agent(JsonNode body) {
    known(body, Set.of("id", "policy", "model", "tools", "instructions", "verifier", "hints"));
    String id = id(body, "id").orElseThrow(() -> Problem.badRequest("missing_field", "field 'id' is required (the agent's id)"));
    PolicySpec policy;
    try {
      policy = PolicySpec.parse(text(body, "policy", 2_000).orElse("default"), text(body, "model", 500).orElse(""));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("bad_policy", e.getMessage());
    }
    List<String> tools = new ArrayList<>();
    JsonNode t = body.get("tools");
    if (t != null && !t.isNull()) {
      if (!t.isArray()) throw Problem.badRequest("bad_field", "field 'tools' must be an array of tool names");
      for (JsonNode n : t) {
        if (!n.isTextual() || n.asText().isBlank()) throw Problem.badRequest("bad_field", "field 'tools' must hold tool names (strings)");
        if (!tools.contains(n.asText())) tools.add(n.asText());
      }
    }
    return new NewAgent(id, new AgentProfile(policy, tools, text(body, "instructions", MAX_TEXT).orElse(""),
        text(body, "verifier", 200), text(body, "hints", MAX_TEXT).orElse("")));
  }

  NewTask task(JsonNode body) {
    known(body, Set.of("id", "text", "groundTruth", "verifier", "extraInfo", "wait"));
    String id = id(body, "id").orElseGet(() -> UUID.randomUUID().toString());
    String text = text(body, "text", settings.maxTaskChars())
        .filter(s -> !s.isBlank()).orElseThrow(() -> Problem.badRequest("missing_field", "field 'text' is required (the task)"));
    Optional<String> truth = scalar(body, "groundTruth", settings.maxTaskChars());
    Optional<String> verifier = text(body, "verifier", 200).filter(s -> !s.isBlank());
    Map<String, String> extra = new LinkedHashMap<>();
    JsonNode e = body.get("extraInfo");
    if (e != null && !e.isNull()) {
      if (!e.isObject()) throw Problem.badRequest("bad_field", "field 'extraInfo' must be an object");
      for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        extra.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
      }
    }
    return new NewTask(new ExternalTask(id, text, truth, verifier, extra), waitOf(body));
  }

  Feedback feedback(JsonNode body) {
    known(body, Set.of("reward", "success", "text"));
    Optional<Double> reward = Optional.empty();
    JsonNode r = body.get("reward");
    if (r != null && !r.isNull()) {
      if (!r.isNumber() || !Double.isFinite(r.asDouble()) || Math.abs(r.asDouble()) > 1e6) {
        throw Problem.badRequest("bad_field", "field 'reward' must be a finite number");
      }
      reward = Optional.of(r.asDouble());
    }
    Optional<Boolean> success = Optional.empty();
    JsonNode s = body.get("success");
    if (s != null && !s.isNull()) {
      if (!s.isBoolean()) throw Problem.badRequest("bad_field", "field 'success' must be true or false");
      success = Optional.of(s.asBoolean());
    }
    Optional<String> text = text(body, "text", MAX_TEXT);
    if (reward.isEmpty() && success.isEmpty() && text.filter(x -> !x.isBlank()).isEmpty()) {
      throw Problem.badRequest("missing_field", "feedback needs a 'reward', a 'success' or a 'text'");
    }
    return new Feedback(reward, success, text.orElse(""));
  }

  static String checkId(String kind, String id) {
    if (!ID.matcher(id).matches()) {
      throw Problem.badRequest("bad_id", kind + " id '" + abbreviate(id) + "' must be 1-64 letters, digits, '.', '_' or '-' "
          + "(starting with a letter or digit)");
    }
    return id;
  }

  private Duration waitOf(JsonNode body) {
    JsonNode w = body.get("wait");
    if (w == null || w.isNull()) return Duration.ZERO;
    if (!w.isNumber() || w.asDouble() < 0 || !Double.isFinite(w.asDouble())) {
      throw Problem.badRequest("bad_field", "field 'wait' must be a number of seconds >= 0");
    }
    Duration asked = Duration.ofMillis((long) (w.asDouble() * 1000));
    return asked.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : asked;
  }

  private static void known(JsonNode body, Set<String> fields) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw Problem.badRequest("unknown_field", "unknown field '" + abbreviate(f) + "' (expected: " + String.join(", ",
            new java.util.TreeSet<>(fields)) + ")");
      }
    }
  }

  private static Optional<String> id(JsonNode body, String field) {
    return text(body, field, 64 * 4).map(id -> checkId(field.equals("id") ? "the" : field, id));
  }

  private static Optional<String> text(JsonNode body, String field, int maxChars) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (!n.isTextual()) throw Problem.badRequest("bad_field", "field '" + field + "' must be a string");
    if (n.asText().length() > maxChars) {
      throw Problem.badRequest("too_long", "field '" + field + "' has " + n.asText().length() + " characters; at most " + maxChars);
    }
    return Optional.of(n.asText());
  }

  /** A string, or a number/boolean given as JSON (ground truths are often numbers). */
  private static Optional<String> scalar(JsonNode body, String field, int maxChars) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) return Optional.empty();
    if (n.isNumber() || n.isBoolean()) return Optional.of(n.asText());
    return text(body, field, maxChars);
  }

  private static String abbreviate(String s) { return s.length() > 80 ? s.substring(0, 80) + "…" : s; }
}
