package dev.perennial.runtime.ralph;

import dev.perennial.environments.Pack;

/**
 * One task of a Ralph run: its id (file names, agent id), and the Ralph pack that repeats it
 * (one task, its hidden state fixed, {@code max-iterations} times); {@code source} says where it
 * came from, for reports.
 */
public record RalphTask(String id, Pack pack, String source) {
  public String environment() { return pack.environment(); }
}
