package dev.perennial.agents.tools;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which agents have a workspace: a directory whose files their tools (python) read and write and
 * that outlives every episode, so that what an agent wrote in one attempt is there in the next
 * (the Ralph loop's {@code --workspace} mode). Most agents have none.
 */
@FunctionalInterface
public interface Workspaces {
  Workspaces NONE = agentId -> Optional.empty();

  Optional<Path> of(String agentId);

  static Workspaces of(Map<String, Path> byAgent) {
    Map<String, Path> copy = Map.copyOf(byAgent);
    return agentId -> Optional.ofNullable(copy.get(agentId));
  }
}
