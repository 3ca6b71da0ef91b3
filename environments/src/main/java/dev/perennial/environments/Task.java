package dev.perennial.environments;

import java.util.Map;

/**
 * One task of a pack, as the agent sees it ({@code prompt}) plus what its verifier needs
 * ({@code groundTruth}, {@code extraInfo}), which the agent never sees.
 *
 * @param taskId      unique within the pack, stable for a seed
 * @param environment name of the environment that made it (routes {@link Environment#open})
 * @param dataSource  Guru-style source ("math__…", "hidden-operator"); routes the verifier
 * @param groundTruth the verifier's truth as a string (JSON for structured truths)
 * @param tools       tool names the agent may call in this task ("python", "sql", "calculator", "env")
 */
public record Task(
    String taskId,
    String environment,
    String dataSource,
    String prompt,
    String groundTruth,
    Map<String, String> extraInfo,
    java.util.List<String> tools) {
  public Task {
    extraInfo = Map.copyOf(extraInfo);
    tools = java.util.List.copyOf(tools);
  }
}
