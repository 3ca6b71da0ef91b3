package dev.perennial.runtime.openai;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import dev.perennial.agents.policy.Policy;
import java.util.concurrent.CompletionStage;

/**
 * Serves any {@link Policy} over OpenAI's HTTP API so that other tools (the official SDKs, eval
 * harnesses, the project's own {@code OpenAiPolicy} client) can call it. {@code perennial
 * serve-policy --port N} binds it in front of the in-process DJL policy. Unbind through the
 * returned {@link ServerBinding}.
 */
public final class OpenAiServer {
  private OpenAiServer() {}

  public static CompletionStage<ServerBinding> start(ActorSystem<?> system, Policy policy, OpenAiServerSettings settings) {
    var routes = new OpenAiRoutes(policy, settings);
    return Http.get(system).newServerAt(settings.host(), settings.port()).bind(routes.route());
  }
}
