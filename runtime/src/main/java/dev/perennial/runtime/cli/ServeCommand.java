package dev.perennial.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.serve.Serve;
import dev.perennial.runtime.serve.ServeComponents;
import dev.perennial.runtime.wiring.NodeComponents;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code perennial serve}: a node whose agents take tasks over HTTP, with the dashboard at
 * {@code /} and Prometheus metrics at {@code /metrics}. Runs until interrupted.
 */
@Command(name = "serve", description = "Serve deployed agents over HTTP: API, live dashboard, metrics.")
public final class ServeCommand implements Callable<Integer> {
  @Mixin ProfileOption profile;

  @Option(names = "--port", description = "HTTP port (0: any free port); default: perennial.runtime.serve.port (8080)")
  Integer port;

  @Option(names = "--host", description = "interface to listen on; beyond loopback an API token is required "
      + "(PERENNIAL_API_TOKEN); default: perennial.runtime.serve.host (127.0.0.1)")
  String host;

  @Option(names = "--policy", description = "the policy of agents whose profile says \"default\": none, djl or openai:<base-url>")
  String policy;

  @Option(names = "--model", description = "the served model's name, with --policy openai:<base-url>")
  String model;

  @Override
  public Integer call() {
    Map<String, Object> flags = new HashMap<>();
    if (port != null) flags.put("perennial.runtime.serve.port", port);
    if (host != null) flags.put("perennial.runtime.serve.host", host);
    if (policy != null) flags.put("perennial.runtime.serve.default-policy", policy);
    if (model != null) flags.put("perennial.runtime.serve.default-model", model);
    Config config = profile.load(ConfigFactory.parseMap(flags));
    try (NodeComponents node = NodeComponents.create(config); Serve serve = Serve.start(config, ServeComponents.of(node))) {
      System.out.println("perennial serve: http://" + serve.address().getHostString() + ":" + serve.port() + "/");
      serve.awaitTermination();
    }
    return 0;
  }
}
