package dev.perennial.runtime.eval;

import dev.perennial.agents.policy.Policy;
import java.nio.file.Path;

/**
 * Which policy an evaluation or a Ralph loop talks to, as given on the command line:
 * {@code djl:<checkpoint dir>} (the in-process DJL model; a checkpoints folder or a path ending in
 * {@code latest} means its newest complete version), {@code openai:<base url>} with a model name
 * (any OpenAI-compatible server, {@code perennial serve-policy} included), or {@code expert} (each
 * environment's scripted expert: a reference curve, not a model). Programs that embed the harness
 * may also hand it any {@link Policy} object ({@link Given}).
 */
public sealed interface PolicySpec {
  record Djl(Path checkpoint) implements PolicySpec {}

  record OpenAi(String baseUrl, String model) implements PolicySpec {}

  enum Expert implements PolicySpec { INSTANCE }

  /** A policy object supplied by the program that runs the harness (not reachable from the command line). */
  record Given(Policy policy) implements PolicySpec {}

  /** @param model the served model's name; required with {@code openai:}, refused otherwise */
  static PolicySpec parse(String policy, String model) {
    if (policy == null || policy.isBlank()) {
      throw new IllegalArgumentException("--policy is required: djl:<checkpoint dir>, openai:<base url> (with --model) or expert");
    }
    String p = policy.strip();
    boolean hasModel = model != null && !model.isBlank();
    if (p.startsWith("djl:")) {
      if (hasModel) throw new IllegalArgumentException("--model names a served model and only goes with --policy openai:<url>");
      String dir = p.substring(4);
      if (dir.isBlank()) throw new IllegalArgumentException("--policy djl: needs a checkpoint directory, e.g. djl:runs/default/checkpoints/latest");
      return new Djl(Path.of(dir));
    }
    if (p.startsWith("openai:")) {
      String url = p.substring(7);
      if (!url.startsWith("http://") && !url.startsWith("https://")) {
        throw new IllegalArgumentException("--policy openai: needs an http(s) base URL, e.g. openai:http://127.0.0.1:8000/v1; got '" + url + "'");
      }
      if (!hasModel) throw new IllegalArgumentException("--policy openai:" + url + " needs --model NAME (the model the server serves)");
      return new OpenAi(url, model.strip());
    }
    if (p.equals("expert")) {
      if (hasModel) throw new IllegalArgumentException("--model only goes with --policy openai:<url>");
      return Expert.INSTANCE;
    }
    throw new IllegalArgumentException("--policy must be djl:<checkpoint dir>, openai:<base url> or expert; got '" + p + "'");
  }

  /** The spec as it was written ({@code djl:…}, {@code openai:… model=…}, {@code expert}). */
  default String render() {
    if (this instanceof Djl d) return "djl:" + d.checkpoint();
    if (this instanceof OpenAi o) return "openai:" + o.baseUrl() + " model=" + o.model();
    if (this instanceof Given g) return "given:" + g.policy().describe();
    return "expert";
  }
}
