package dev.perennial.runtime.serve;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.policy.openai.OpenAiSettings;
import dev.perennial.agents.protocol.ProtocolTags;
import dev.perennial.runtime.api.ApiRoutes;
import dev.perennial.runtime.api.Views;
import dev.perennial.runtime.dashboard.BoardFeed;
import dev.perennial.runtime.dashboard.DashboardRoutes;
import dev.perennial.runtime.dashboard.EpisodeBoard;
import dev.perennial.runtime.metrics.LearnerGauges;
import dev.perennial.runtime.metrics.ServeMetrics;
import dev.perennial.runtime.node.PerennialNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving node ({@code perennial serve}): starts a {@link PerennialNode} (journal schema, cluster
 * membership), registers the agents with their policies, verifiers, tools and the metrics
 * observer, starts the dashboard's board, and binds the HTTP API. Closing it unbinds, stops the
 * board and terminates the node.
 */
public final class Serve implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Serve.class);

  private final PerennialNode node;
  private final ServerBinding binding;
  private final BoardFeed feed;
  private final ServeMetrics metrics;

  private Serve(PerennialNode node, ServerBinding binding, BoardFeed feed, ServeMetrics metrics) {
    this.node = node;
    this.binding = binding;
    this.feed = feed;
    this.metrics = metrics;
  }

  /** Starts a node from {@code config} and serves it; throws with a clear message when it cannot. */
  public static Serve start(Config config, ServeComponents components) {
    ServeSettings settings = ServeSettings.from(config); // fails before anything starts: bad values, no token off loopback
    AgentSettings agentSettings = AgentSettings.from(config);
    ServeMetrics metrics = new ServeMetrics();
    // client settings shared by every openai:<url> policy; each agent's profile names the endpoint and model
    OpenAiSettings openAi = OpenAiSettings.from(com.typesafe.config.ConfigFactory.parseString(
        "perennial.agents.openai.model = \"per-agent\"").withFallback(config));
    NodePolicies policies = NodePolicies.create(settings, components, openAi, metrics.registry());
    PerennialNode node = PerennialNode.start("perennial", config, Duration.ofSeconds(30));
    try {
      ActorSystem<Void> system = node.system();
      AgentDeps deps = new AgentDeps(policies.defaultOrMissing(), components.environments(), components.tools(),
          components.formatScorer(), agentSettings)
          .withPolicies(policies).withVerifiers(components.verifiers()).withObserver(metrics.agentObserver());
      node.withAgents(deps);

      ProtocolTags tags = agentSettings.protocol();
      EpisodeBoard board = new EpisodeBoard(settings.dashboard(), new Views(tags));
      BoardFeed feed = BoardFeed.start(system, board, components.learner(), new LearnerGauges(metrics.registry()), settings.dashboard());
      DashboardRoutes dashboard = new DashboardRoutes(board, feed, settings.dashboard().heartbeat());
      ApiRoutes routes = new ApiRoutes(system, settings, tags, () -> readiness(system), metrics::scrape,
          components.learner(), dashboard.open(), dashboard.guarded());
      ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port()).bind(routes.route())
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
      // on SIGTERM (coordinated shutdown) stop taking requests and feeding the board before the journal goes
      binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
      CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "perennial-dashboard-feed", () -> {
        feed.close();
        return CompletableFuture.completedFuture(Done.getInstance());
      });
      log.info("perennial serve: http://{}:{}/ (API, dashboard, /metrics){}; default policy: {}", settings.host(),
          binding.localAddress().getPort(), settings.authRequired() ? " — bearer token required" : "",
          policies.hasDefault() ? policies.defaultOrMissing().describe() : "none (agents must name one)");
      return new Serve(node, binding, feed, metrics);
    } catch (Exception e) {
      node.close();
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("could not serve on " + settings.host() + ":" + settings.port() + ": " + cause.getMessage(), cause);
    }
  }

  /**
   * Journal schema (PerennialNode.start does not return without it), cluster membership (lost when
   * the node is downed or leaves), agents registered with sharding (done before the API binds),
   * and the node not shutting down.
   */
  private static Map<String, Boolean> readiness(ActorSystem<?> system) {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put("journalSchema", true);
    checks.put("clusterUp", Cluster.get(system).selfMember().status() == MemberStatus.up());
    checks.put("agentsRegistered", true);
    checks.put("running", !system.whenTerminated().isCompleted());
    return checks;
  }

  public InetSocketAddress address() { return binding.localAddress(); }

  public int port() { return binding.localAddress().getPort(); }

  public ActorSystem<Void> system() { return node.system(); }

  public ServeMetrics metrics() { return metrics; }

  /** Blocks until the node terminates (Ctrl-C runs coordinated shutdown). */
  public void awaitTermination() {
    try {
      node.system().getWhenTerminated().toCompletableFuture().get();
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    try {
      binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("unbinding took too long: {}", e.toString());
    }
    feed.close();
    node.close();
  }
}
