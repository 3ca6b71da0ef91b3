package dev.perennial.runtime.eval;

import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.openai.OpenAiPolicy;
import dev.perennial.agents.policy.openai.OpenAiSettings;
import dev.perennial.environments.Environment;
import dev.perennial.learner.sft.ExpertPolicy;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns a {@link PolicySpec} into a working {@link Policy}, checked before any agent runs: an
 * OpenAI-compatible endpoint must list the model ({@code GET /models}), a DJL checkpoint must load
 * and answer a probe ({@link DjlServing}). An unreachable endpoint, a model the server does not
 * serve or a broken checkpoint is a clear error here, never episodes scored zero.
 */
public final class PolicyBackends {
  private PolicyBackends() {}

  /** A policy and what to call it in reports. */
  public record Opened(Policy policy, String description) {}

  /** The client for {@code spec}, after the server said it serves the model. */
  public static OpenAiPolicy checkedEndpoint(PolicySpec.OpenAi spec, Config config) throws IOException {
    // the reference config's model is "" (which from() refuses), so the endpoint goes in before it is read
    OpenAiSettings settings = OpenAiSettings.from(config
        .withValue("perennial.agents.openai.base-url", ConfigValueFactory.fromAnyRef(spec.baseUrl()))
        .withValue("perennial.agents.openai.model", ConfigValueFactory.fromAnyRef(spec.model())));
    OpenAiPolicy client = OpenAiPolicy.create(settings);
    try {
      client.checkModel().toCompletableFuture()
          .get(settings.connectTimeout().plus(settings.requestTimeout()).toMillis(), TimeUnit.MILLISECONDS);
      return client;
    } catch (ExecutionException e) {
      throw new IOException("the policy endpoint " + spec.baseUrl() + " cannot be used: " + DjlServing.describe(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the policy endpoint " + spec.baseUrl() + " did not answer GET /models in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while checking " + spec.baseUrl(), e);
    }
  }

  /**
   * @param checkedClient the client {@link #checkedEndpoint} returned, for an openai spec
   * @param environmentOf the environment an agent works in (the expert policy answers with its expert)
   */
  public static Opened open(PolicySpec spec, ActorSystem<?> system, Config config, OpenAiPolicy checkedClient,
      Function<String, Optional<Environment>> environmentOf) throws IOException {
    if (spec instanceof PolicySpec.OpenAi) return new Opened(checkedClient, checkedClient.describe());
    if (spec instanceof PolicySpec.Given g) return new Opened(g.policy(), g.policy().describe());
    if (spec instanceof PolicySpec.Djl d) {
      CheckpointDir checkpoint = CheckpointDir.resolve(d.checkpoint());
      DjlServing.Served served = DjlServing.start(system, config, checkpoint, "policy-server");
      return new Opened(served.policy(), "djl:" + checkpoint);
    }
    AgentSettings agents = AgentSettings.from(config);
    ExpertPolicy expert = new ExpertPolicy(r -> environmentOf.apply(agentOf(r.requestId())).flatMap(Environment::expert),
        PolicyTokenizer.bundled(), agents.protocol(), agents.prompt().noHintsText(), false);
    return new Opened(expert, "expert (each environment's scripted expert)");
  }

  /** The expert policy answers with each environment's scripted expert: every environment must have one. */
  public static void requireExperts(PolicySpec spec, java.util.Collection<Environment> environments) {
    if (spec != PolicySpec.Expert.INSTANCE) return;
    List<String> without = environments.stream().filter(e -> e.expert().isEmpty()).map(Environment::name).distinct().toList();
    if (!without.isEmpty()) {
      throw new IllegalArgumentException("--policy expert needs environments with a scripted expert; " + String.join(", ", without)
          + " ha" + (without.size() == 1 ? "s" : "ve") + " none");
    }
  }

  /** Agents' request ids are {@code <agent id>#<run>/<episode>/t<turn>}. */
  static String agentOf(String requestId) {
    int hash = requestId.indexOf('#');
    return hash < 0 ? requestId : requestId.substring(0, hash);
  }
}
