package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;

/** An agent's answer to a task command: the task as it now stands, or why it refused. */
public sealed interface TaskReply extends CborSerializable {
  record Ok(TaskView task) implements TaskReply {}

  record Refused(Refusal reason, String message) implements TaskReply {}
}
