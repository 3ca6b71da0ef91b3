package dev.perennial.environments.sandbox;

/**
 * Runs untrusted code in a sandbox (fresh subprocess, no network, resource limits, private temp
 * dir). Shared by the python tool and by the code / CruxEval verifiers so that both get the same
 * isolation. Implementations never throw for anything the code does: every outcome is a result.
 */
public interface CodeRunner {
  SandboxResult run(SandboxRequest request);

  /**
   * Like {@link #run(SandboxRequest)}, stoppable from another thread: after {@code cancel.cancel()}
   * the call returns promptly with status KILLED and nothing it started is left running.
   */
  default SandboxResult run(SandboxRequest request, CancelSignal cancel) {
    return run(request);
  }
}
