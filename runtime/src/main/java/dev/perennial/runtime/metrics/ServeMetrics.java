package dev.perennial.runtime.metrics;

import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.agents.entity.AgentObserver;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The node's metrics in Prometheus form ({@code GET /metrics}). Agents report through
 * {@link #agentObserver()} what they persisted — episodes and their rewards, tool calls and
 * failures, generated tokens, context updates, outside tasks, and the journal write latency (from
 * the command to the journal's confirmation) — only on the node that runs them, never on replay, so
 * a cluster's nodes do not count an episode twice. Policies report queue time and latency through
 * {@link MeteredPolicy}; the learner's step time comes from {@link LearnerGauges}. Rates (episodes/s,
 * tokens/s) are {@code rate()} of the counters.
 */
public final class ServeMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer journalWrite;
  private final Counter generatedTokens;
  private final Counter turns;

  public ServeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    journalWrite = Timer.builder("perennial.journal.write")
        .description("time from an agent's command to the journal confirming its events")
        .publishPercentileHistogram().register(registry);
    generatedTokens = Counter.builder("perennial.generated.tokens").description("tokens the policy generated in recorded turns")
        .register(registry);
    turns = Counter.builder("perennial.turns").description("policy turns recorded").register(registry);
  }

  public MeterRegistry registry() { return registry; }

  /** The Prometheus text exposition of every meter. */
  public String scrape() { return registry.scrape(); }

  public AgentObserver agentObserver() { return this::persisted; }

  private void persisted(String agentId, List<AgentEvent> events, long nanos) {
    journalWrite.record(nanos, TimeUnit.NANOSECONDS);
    for (AgentEvent e : events) {
      if (e instanceof AgentEvent.EpisodeCompleted c) {
        episode(c.record());
      } else if (e instanceof AgentEvent.TurnGenerated t) {
        turns.increment();
        generatedTokens.increment(t.turn().generatedTokens());
      } else if (e instanceof AgentEvent.ToolCallCompleted t) {
        toolCall(t.call().tool(), "ok").record(t.millis(), TimeUnit.MILLISECONDS);
      } else if (e instanceof AgentEvent.ToolCallFailed t) {
        toolCall(t.call().tool(), "failed");
        registry.counter("perennial.tool.failures", "tool", t.call().tool(), "kind", t.kind().name().toLowerCase(Locale.ROOT)).increment();
      } else if (e instanceof AgentEvent.ContextUpdated u) {
        registry.counter("perennial.context.updates", "parsed", Boolean.toString(u.parsed())).increment();
      } else if (e instanceof AgentEvent.TaskAccepted) {
        task("accepted");
      } else if (e instanceof AgentEvent.TaskAnswered) {
        task("answered");
      } else if (e instanceof AgentEvent.FeedbackReceived) {
        task("feedback");
      } else if (e instanceof AgentEvent.TaskFailed) {
        task("failed");
      } else if (e instanceof AgentEvent.TaskExpired) {
        task("expired");
      }
    }
  }

  private void episode(EpisodeRecord r) {
    String kind = r.kind() == EpisodeKind.SOLVE ? "solve" : "update";
    String result = r.kind() == EpisodeKind.UPDATE ? "update" : r.truncated() ? "truncated" : r.rewards().success() ? "success" : "failure";
    registry.counter("perennial.episodes", "kind", kind, "result", result).increment();
    DistributionSummary.builder("perennial.episode.reward").description("episode reward (outcome plus penalty)")
        .tag("kind", kind).register(registry).record(r.rewards().total(false));
  }

  private Timer toolCall(String tool, String result) {
    registry.counter("perennial.tool.calls", "tool", tool, "result", result).increment();
    return Timer.builder("perennial.tool.seconds").description("tool call wall time").tag("tool", tool).register(registry);
  }

  private void task(String event) { registry.counter("perennial.tasks", "event", event).increment(); }
}
