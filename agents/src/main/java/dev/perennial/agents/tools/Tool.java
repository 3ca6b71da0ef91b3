package dev.perennial.agents.tools;

/**
 * A tool an agent can call. Implementations are blocking and run on the tools dispatcher inside a
 * supervised {@code ToolExecutor} child, under the per-call timeout; {@link #cancel} is called
 * from another thread when the timeout fires and must make {@link #run} return promptly (kill the
 * subprocess tree). Throw {@link ToolFailure} for expected failures (their message is shown to the
 * model); any other exception is treated as a crash of the executor.
 *
 * <p>Adding a tool of your own takes a few lines with {@link #of}: the function runs with the same
 * timeout and supervision as the built-in tools, and a cancel interrupts the thread running it (so
 * interruptible blocking calls, such as {@code HttpClient.send}, stop promptly). For example an
 * HTTP GET tool:
 *
 * <pre>{@code
 * HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
 * Tool httpGet = Tool.of("http_get", (call, context) -> {
 *   URI uri = URI.create(call.input().strip());
 *   if (!uri.getScheme().equals("https")) throw new ToolFailure("only https:// URLs are allowed");
 *   HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
 *       HttpResponse.BodyHandlers.ofString());
 *   if (r.statusCode() >= 400) throw new ToolFailure("HTTP " + r.statusCode() + " from " + uri);
 *   return ToolOutput.ok(ToolText.capMiddle(r.body(), 4000));
 * });
 * ToolRegistry tools = BuiltinTools.registry(config, sandbox).with(httpGet);
 * }</pre>
 *
 * A task then lists {@code "http_get"} in its {@code tools}, and the model calls it with
 * {@code <code lang="http_get">https://…</code>}. Implement this interface directly when a tool
 * keeps per-episode state (override {@link #endEpisode}) or has its own way to stop a call.
 */
public interface Tool {
  String name();

  ToolOutput run(ToolCall call, ToolContext context) throws Exception;

  /** Stops a running call of this tool for {@code episodeId}; default: nothing to stop. */
  default void cancel(String episodeId) {}

  /** Releases per-episode state (stateful interpreters) when an episode ends. */
  default void endEpisode(String episodeId) {}

  /** The body of a tool made with {@link #of}. */
  @FunctionalInterface
  interface Body {
    ToolOutput run(ToolCall call, ToolContext context) throws Exception;
  }

  /** A stateless tool from a function; a cancel interrupts the thread running it. */
  static Tool of(String name, Body body) {
    return new FunctionTool(name, body);
  }
}
