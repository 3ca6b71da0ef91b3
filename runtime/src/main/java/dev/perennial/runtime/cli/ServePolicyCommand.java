package dev.perennial.runtime.cli;

import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.eval.PolicyEndpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perennial serve-policy}: serves a checkpoint over OpenAI's HTTP API ({@code /v1/models},
 * {@code /v1/completions}, {@code /v1/chat/completions}), so that {@code eval --policy openai:…},
 * other harnesses and the official SDKs can use a Perennial model. Runs until Ctrl-C.
 */
@Command(name = "serve-policy", mixinStandardHelpOptions = true,
    description = "Serve a checkpoint over an OpenAI-compatible HTTP API (completions, chat, models).")
public final class ServePolicyCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Option(names = "--checkpoint", required = true,
      description = "checkpoint directory, or a checkpoints folder (its newest version), e.g. runs/default/checkpoints/latest")
  Path checkpoint;

  @Option(names = "--port", description = "port to listen on (0 = any free port; perennial.runtime.openai.port)")
  Integer port;

  @Option(names = "--host", description = "interface to listen on (perennial.runtime.openai.host)")
  String host;

  @Option(names = "--model-name", description = "the one model name the server answers to (perennial.runtime.openai.model-name)")
  String modelName;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> overrides = new HashMap<>();
    if (port != null) overrides.put("perennial.runtime.openai.port", port);
    if (host != null) overrides.put("perennial.runtime.openai.host", host);
    if (modelName != null) overrides.put("perennial.runtime.openai.model-name", modelName);
    PolicyEndpoint endpoint = PolicyEndpoint.start(profile.load(ConfigFactory.parseMap(overrides)), checkpoint);
    Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "serve-policy-shutdown"));
    System.out.println("serving djl:" + endpoint.checkpoint() + " as model '" + endpoint.modelName() + "' at "
        + endpoint.baseUrl() + " (Ctrl-C stops)");
    endpoint.system().getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
