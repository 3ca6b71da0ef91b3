package dev.perennial.agents.tools;

import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a tool may see of the episode that calls it: the episode id (stateful interpreters are keyed
 * by it), the task, the environment session (for "env" actions), and an optional workspace
 * directory that persists across Ralph attempts.
 */
public record ToolContext(String episodeId, Task task, TaskSession session, Optional<Path> workspace) {}
