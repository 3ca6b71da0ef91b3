package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;
import java.util.List;
import java.util.Optional;

/**
 * How a deployed agent works: the model it talks to, the free-form tools it may call in every
 * task, the instructions in its prompt, and the verifier for tasks that bring a ground truth but
 * name none. Journaled with the agent, so a restarted node serves it the same way.
 *
 * @param initialHints the context it starts from ("" = the no-hints text)
 */
public record AgentProfile(PolicySpec policy, List<String> tools, String instructions, Optional<String> defaultVerifier,
    String initialHints) implements CborSerializable {

  public AgentProfile {
    policy = policy == null ? PolicySpec.DEFAULT : policy;
    tools = tools == null ? List.of() : List.copyOf(tools);
    instructions = instructions == null ? "" : instructions;
    defaultVerifier = defaultVerifier == null ? Optional.empty() : defaultVerifier;
    initialHints = initialHints == null ? "" : initialHints;
  }

  public static AgentProfile basic(PolicySpec policy, List<String> tools) {
    return new AgentProfile(policy, tools, "", Optional.empty(), "");
  }
}
