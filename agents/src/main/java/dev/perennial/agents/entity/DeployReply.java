package dev.perennial.agents.entity;

import dev.perennial.agents.deploy.Refusal;
import dev.perennial.persistence.CborSerializable;

/** The answer to {@link AgentEntity.Deploy}: the agent as it now stands, or why it refused. */
public sealed interface DeployReply extends CborSerializable {
  record Ok(AgentStatus status) implements DeployReply {}

  record Refused(Refusal reason, String message) implements DeployReply {}
}
