package dev.perennial.runtime.serve;

import dev.perennial.agents.deploy.PolicyLookup;
import dev.perennial.agents.deploy.PolicySpec;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.Policy;
import dev.perennial.agents.policy.PolicyException;
import dev.perennial.agents.policy.openai.OpenAiPolicy;
import dev.perennial.agents.policy.openai.OpenAiSettings;
import dev.perennial.runtime.metrics.MeteredPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies a serving node's agents may name: "default" (what serve was started with), "djl"
 * (the in-process DJL policy, when loaded) and "openai:&lt;url&gt;" with a model — one client per
 * endpoint and model, made on first use and shared by every agent that names it. All are metered.
 * A backend this node cannot have is refused with what to do instead.
 */
public final class NodePolicies implements PolicyLookup {
  private final Optional<Policy> defaultPolicy;
  private final Optional<Policy> djl;
  private final OpenAiSettings openAiBase;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<PolicySpec, Policy> clients;

  private NodePolicies(Optional<Policy> defaultPolicy, Optional<Policy> djl, OpenAiSettings openAiBase, MeterRegistry registry,
      ConcurrentHashMap<PolicySpec, Policy> clients) {
    this.defaultPolicy = defaultPolicy;
    this.djl = djl;
    this.openAiBase = openAiBase;
    this.registry = registry;
    this.clients = clients;
  }

  /**
   * The node's policies: {@code components.defaultPolicy()} when given, else what
   * {@code perennial.runtime.serve.default-policy} names ("none", "djl", "openai:&lt;url&gt;").
   */
  public static NodePolicies create(ServeSettings settings, ServeComponents components, OpenAiSettings openAiBase,
      MeterRegistry registry) {
    NodePolicies n = new NodePolicies(components.defaultPolicy().map(p -> new MeteredPolicy(p, "default", registry)),
        components.djl().map(p -> new MeteredPolicy(p, "djl", registry)), openAiBase, registry, new ConcurrentHashMap<>());
    if (components.defaultPolicy().isPresent() || settings.defaultPolicy().equals("none")) return n;
    // the configured default is one of the node's own backends: the DJL policy, or a client made here
    Policy chosen = n.resolve(PolicySpec.parse(settings.defaultPolicy(), settings.defaultModel()));
    return new NodePolicies(Optional.of(chosen), n.djl, openAiBase, registry, n.clients);
  }

  @Override
  public Policy resolve(PolicySpec spec) {
    return switch (spec.backend()) {
      case "default" -> defaultPolicy.orElseThrow(() -> new IllegalArgumentException(
          "this node has no default policy: name one in the agent's profile (\"policy\": \"openai:<url>\" with a \"model\", or \"djl\"), "
              + "or start serve with --policy"));
      case "djl" -> djl.orElseThrow(() -> new IllegalArgumentException(
          "the in-process DJL policy is not loaded on this node; use \"openai:<url>\" with a model"));
      case "openai" -> clients.computeIfAbsent(spec,
          s -> new MeteredPolicy(OpenAiPolicy.create(openAiBase.withEndpoint(s.url(), s.model())), "openai", registry));
      default -> throw new IllegalArgumentException("unknown policy backend '" + spec.backend() + "'");
    };
  }

  /** The policy packs and "default" profiles use; one that fails every call (clearly) when there is none. */
  public Policy defaultOrMissing() { return defaultPolicy.orElse(MISSING); }

  public boolean hasDefault() { return defaultPolicy.isPresent(); }

  private static final Policy MISSING = new Policy() {
    @Override
    public CompletionStage<Generation> generate(GenerationRequest request) {
      return CompletableFuture.failedFuture(new PolicyException("this node has no default policy", false));
    }

    @Override
    public String describe() { return "none"; }

    @Override
    public boolean trainable() { return false; }
  };
}
