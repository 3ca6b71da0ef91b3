package dev.perennial.agents.tools;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tool made from a function ({@link Tool#of}). It remembers which thread runs each episode's
 * call so that {@link #cancel} can interrupt it; the interrupt flag is cleared when the call ends
 * so that it never leaks into the next task the pooled thread runs.
 */
final class FunctionTool implements Tool {
  private final String name;
  private final Tool.Body body;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();

  FunctionTool(String name, Tool.Body body) {
    if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("a tool name must be a letter then letters, digits, _ . - (at most 64): '" + name + "'");
    }
    this.name = name;
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public String name() { return name; }

  @Override
  public ToolOutput run(ToolCall call, ToolContext context) throws Exception {
    String episode = context.episodeId();
    running.put(episode, Thread.currentThread());
    try {
      return body.run(call, context);
    } catch (InterruptedException e) {
      throw new ToolFailure("the call was cancelled");
    } finally {
      running.remove(episode, Thread.currentThread());
      Thread.interrupted();
    }
  }

  @Override
  public void cancel(String episodeId) {
    Thread t = running.get(episodeId);
    if (t != null) t.interrupt();
  }
}
