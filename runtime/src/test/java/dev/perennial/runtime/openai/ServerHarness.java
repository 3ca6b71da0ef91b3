package dev.perennial.runtime.openai;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.policy.openai.OpenAiPolicy;
import dev.perennial.agents.policy.openai.OpenAiSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** One ActorSystem and one bound server on a free loopback port, plus clients pointed at it. */
final class ServerHarness implements AutoCloseable {
  final ScriptedPolicy policy = new ScriptedPolicy();
  final ActorSystem<Void> system;
  final ServerBinding binding;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  ServerHarness() throws Exception {
    var config = ConfigFactory.parseString("""
        akka.loglevel = WARNING
        perennial.runtime.openai { port = 0, model-name = "tiny", max-request-bytes = 64k }
        """).withFallback(ConfigFactory.load());
    system = ActorSystem.create(Behaviors.empty(), "openai-server-test", config);
    binding = OpenAiServer.start(system, policy, OpenAiServerSettings.from(config)).toCompletableFuture().get();
  }

  String baseUrl() { return "http://127.0.0.1:" + binding.localAddress().getPort() + "/v1"; }

  OpenAiPolicy client(String overrides) {
    var settings = OpenAiSettings.from(ConfigFactory.parseString(
        "perennial.agents.openai { base-url = \"" + baseUrl() + "\", model = tiny, "
            + "retry { max-attempts = 3, initial-backoff = 20ms, max-backoff = 100ms }\n" + overrides + " }")
        .withFallback(ConfigFactory.defaultReference()));
    return OpenAiPolicy.create(settings, Map.<String, String>of()::get);
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get();
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get();
  }
}
