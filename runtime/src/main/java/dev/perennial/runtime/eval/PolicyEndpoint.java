package dev.perennial.runtime.eval;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.perennial.runtime.openai.OpenAiServer;
import dev.perennial.runtime.openai.OpenAiServerSettings;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What {@code perennial serve-policy} runs: a checkpoint served by the in-process DJL policy
 * ({@link DjlServing}) behind the project's OpenAI-compatible HTTP server, in an actor system of
 * its own (local, no cluster, no journal). {@link #close} unbinds and stops it.
 */
public final class PolicyEndpoint implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final OpenAiServerSettings settings;
  private final CheckpointDir checkpoint;

  private PolicyEndpoint(ActorSystem<Void> system, ServerBinding binding, OpenAiServerSettings settings, CheckpointDir checkpoint) {
    this.system = system;
    this.binding = binding;
    this.settings = settings;
    this.checkpoint = checkpoint;
  }

  /** Serves {@code checkpoint} on {@code perennial.runtime.openai} (host, port, model name) of {@code config}. */
  public static PolicyEndpoint start(Config config, Path checkpoint) throws Exception {
    CheckpointDir dir = CheckpointDir.resolve(checkpoint);
    Config local = ConfigFactory.parseString("akka.actor.provider = local").withFallback(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "perennial-serve-policy", local);
    try {
      DjlServing.Served served = DjlServing.start(system, local, dir, "policy-server");
      OpenAiServerSettings settings = OpenAiServerSettings.from(local);
      ServerBinding binding = OpenAiServer.start(system, served.policy(), settings).toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new PolicyEndpoint(system, binding, settings, dir);
    } catch (Exception e) {
      system.terminate();
      throw e;
    }
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:8000/v1}. */
  public String baseUrl() { return "http://" + settings.host() + ":" + binding.localAddress().getPort() + "/v1"; }

  public String modelName() { return settings.modelName(); }

  public CheckpointDir checkpoint() { return checkpoint; }

  public ActorSystem<Void> system() { return system; }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the system is stopped next either way
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      // nothing left to do
    }
  }
}
