package dev.perennial.agents.tools;

import dev.perennial.environments.sandbox.CancelSignal;
import dev.perennial.environments.sandbox.PythonSandbox;
import dev.perennial.environments.sandbox.SandboxRequest;
import dev.perennial.environments.sandbox.SandboxResult;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The "python" tool: runs the model's code in the node's {@link PythonSandbox}. Stateful (the
 * default, as in ReTool): one interpreter per episode, so variables survive between the calls of an
 * episode; stateless: a fresh process per call. The model sees stdout, then stderr, then one line
 * in brackets when the run did not end normally ("[timed out after 10 s …]", "[out of memory …]").
 * A sandbox that cannot run at all (none installed, node busy) is a {@link ToolFailure}. An agent
 * with a workspace ({@link ToolContext#workspace}) runs its code there: its files outlive the episode.
 */
public final class PythonTool implements Tool {
  private final PythonSandbox sandbox;
  private final ToolSettings.Python settings;
  private final Map<String, CancelSignal> running = new ConcurrentHashMap<>();

  public PythonTool(PythonSandbox sandbox, ToolSettings.Python settings) {
    this.sandbox = sandbox;
    this.settings = settings;
  }

  @Override
  public String name() { return "python"; }

  @Override
  public ToolOutput run(ToolCall call, ToolContext context) throws ToolFailure {
    String code = call.input() == null ? "" : call.input();
    if (code.isBlank()) throw new ToolFailure("empty code block: put python code between the code tags");
    SandboxRequest fresh = new SandboxRequest("python", code, "", settings.timeout(), settings.memoryBytes(),
        settings.maxOutputBytes());
    SandboxRequest request = context.workspace().map(fresh::withWorkspace).orElse(fresh);
    CancelSignal cancel = new CancelSignal();
    String episode = context.episodeId();
    running.put(episode, cancel);
    try {
      SandboxResult r = settings.stateful()
          ? sandbox.runStateful(episode, request, cancel)
          : sandbox.run(request, cancel);
      if (r.status() == SandboxResult.Status.SANDBOX_FAILURE) {
        throw new ToolFailure("python is unavailable: " + r.detail());
      }
      return new ToolOutput(r.modelText(), r.ok(), false);
    } finally {
      running.remove(episode, cancel);
    }
  }

  @Override
  public void cancel(String episodeId) {
    CancelSignal c = running.get(episodeId);
    if (c != null) c.cancel();
  }

  @Override
  public void endEpisode(String episodeId) {
    cancel(episodeId);
    sandbox.endSession(episodeId);
  }
}
