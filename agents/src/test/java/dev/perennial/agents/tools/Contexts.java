package dev.perennial.agents.tools;

import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tool contexts for tests. */
public final class Contexts {
  private Contexts() {}

  public static ToolContext of(String episodeId) {
    return of(episodeId, Map.of(), null);
  }

  public static ToolContext of(String episodeId, Map<String, String> extraInfo, TaskSession session) {
    Task task = new Task("t1", "test-env", "test", "a task", "", extraInfo, List.of("python", "sql", "calculator", "env"));
    return new ToolContext(episodeId, task, session, Optional.empty());
  }

  public static ToolCall call(String tool, String input) {
    return new ToolCall("call-1", tool, input);
  }
}
