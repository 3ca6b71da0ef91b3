package dev.perennial.agents.entity;

import java.util.List;

/**
 * Sees what agents persist, for metrics: every batch of events right after the journal confirmed
 * it (never during replay), with the time from the command to the confirmation. Called on the
 * agent's thread: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface AgentObserver {
  void persisted(String agentId, List<AgentEvent> events, long nanosSinceCommand);

  AgentObserver NONE = (agentId, events, nanos) -> {};
}
