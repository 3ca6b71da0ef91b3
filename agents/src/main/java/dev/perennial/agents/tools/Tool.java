package dev.perennial.agents.tools;

/**
 * A tool an agent can call. Implementations are blocking and run on the tools dispatcher inside a
 * supervised {@code ToolExecutor} child, under the per-call timeout; {@link #cancel} is called
 * from another thread when the timeout fires and must make {@link #run} return promptly (kill the
 * subprocess tree). Throw {@link ToolFailure} for expected failures (their message is shown to the
 * model); any other exception is treated as a crash of the executor.
 */
public interface Tool {
  String name();

  ToolOutput run(ToolCall call, ToolContext context) throws Exception;

  /** Stops a running call of this tool for {@code episodeId}; default: nothing to stop. */
  default void cancel(String episodeId) {}

  /** Releases per-episode state (stateful interpreters) when an episode ends. */
  default void endEpisode(String episodeId) {}
}
