package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;
import java.util.Map;
import java.util.Optional;

/**
 * A task from outside the node: the text the agent sees, and optionally what checks the answer —
 * a ground truth (for the agent's default verifier) and/or a verifier by name. A task with
 * neither is answered and then waits for feedback from whoever sent it.
 *
 * @param taskId    unique per agent; resubmitting an id returns the task already accepted
 * @param extraInfo what the verifier needs besides the truth (test cases, tolerances), never shown to the agent
 */
public record ExternalTask(String taskId, String text, Optional<String> groundTruth, Optional<String> verifier,
    Map<String, String> extraInfo) implements CborSerializable {

  public ExternalTask {
    groundTruth = groundTruth == null ? Optional.empty() : groundTruth;
    verifier = verifier == null ? Optional.empty() : verifier;
    extraInfo = extraInfo == null ? Map.of() : Map.copyOf(extraInfo);
  }

  public static ExternalTask of(String taskId, String text) {
    return new ExternalTask(taskId, text, Optional.empty(), Optional.empty(), Map.of());
  }
}
