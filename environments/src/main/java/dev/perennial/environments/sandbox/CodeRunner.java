package dev.perennial.environments.sandbox;

/**
 * Runs untrusted code in a sandbox (fresh subprocess, no network, resource limits, private temp
 * dir). Shared by the python tool and by the code / CruxEval verifiers so that both get the same
 * isolation. Implementations never throw for anything the code does: every outcome is a result.
 */
public interface CodeRunner {
  SandboxResult run(SandboxRequest request);
}
