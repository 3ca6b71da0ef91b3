package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;
import java.net.URI;

/**
 * Which model a deployed agent talks to: {@code default} (the node's policy), {@code djl} (the
 * node's in-process DJL policy) or {@code openai:<base-url>} with a model name (any
 * OpenAI-compatible server). Parsed once, kept in the agent's journal with its profile.
 *
 * @param backend "default", "djl" or "openai"
 * @param url     the OpenAI-compatible base URL (openai only, else "")
 * @param model   the model name the server serves (openai: required; djl/default: "")
 */
public record PolicySpec(String backend, String url, String model) implements CborSerializable {
  public static final PolicySpec DEFAULT = new PolicySpec("default", "", "");

  public PolicySpec {
    url = url == null ? "" : url;
    model = model == null ? "" : model;
  }

  /**
   * Reads {@code "default"}, {@code "djl"} or {@code "openai:http://host:port/v1"}; {@code model}
   * is required for openai. Throws {@link IllegalArgumentException} with a message fit for a user.
   */
  public static PolicySpec parse(String spec, String model) {
    String s = spec == null || spec.isBlank() ? "default" : spec.strip();
    String m = model == null ? "" : model.strip();
    if (s.equals("default")) return DEFAULT;
    if (s.equals("djl")) return new PolicySpec("djl", "", "");
    if (s.startsWith("openai:")) {
      String url = s.substring("openai:".length()).strip();
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("policy '" + s + "': '" + url + "' is not a URL");
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("policy '" + s + "': the URL must be http(s)://host[:port]/path, e.g. openai:http://127.0.0.1:8000/v1");
      }
      if (m.isEmpty()) throw new IllegalArgumentException("policy '" + s + "' needs a model name (the server's served model)");
      return new PolicySpec("openai", url, m);
    }
    throw new IllegalArgumentException("unknown policy '" + s + "': use default, djl or openai:<base-url> (with a model)");
  }

  /** The spec as a user writes it. */
  public String describe() {
    return backend.equals("openai") ? "openai:" + url + " (" + model + ")" : backend;
  }
}
