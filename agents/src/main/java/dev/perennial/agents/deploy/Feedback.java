package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * What the outside world says about an answered task: a reward, whether it counts as a success
 * (default: reward at or above the agents' success threshold), and free text. Its arrival closes
 * the task's solve episode with this reward and starts the update-context episode.
 */
public record Feedback(Optional<Double> reward, Optional<Boolean> success, String text) implements CborSerializable {
  public Feedback {
    reward = reward == null ? Optional.empty() : reward;
    success = success == null ? Optional.empty() : success;
    text = text == null ? "" : text;
  }
}
