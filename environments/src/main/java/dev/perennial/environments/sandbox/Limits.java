package dev.perennial.environments.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The resource limits of one sandboxed process, applied by {@code prlimit} inside the sandbox, just
 * before python starts. Inside, because RLIMIT_NPROC counts per user namespace only for processes
 * created in it: applied to bwrap itself it would count every sandbox of the uid together.
 *
 * @param cpuSeconds soft CPU limit (SIGXCPU); the hard limit is one second more (SIGKILL). Zero
 *                   leaves CPU unlimited here (the stateful driver sets a per-call soft limit itself)
 */
record Limits(long memoryBytes, long cpuSeconds, int processes, long fileBytes, int openFiles, int nice) {

  static Limits of(SandboxSettings s, long memoryBytes, long cpuSeconds) {
    return new Limits(memoryBytes, cpuSeconds, s.maxProcesses(), s.maxFileSize(), s.maxOpenFiles(), s.nice());
  }

  /** {@code [nice -n N] prlimit ... --} followed by {@code command}. */
  List<String> wrap(String prlimit, String niceProgram, List<String> command) {
    List<String> c = new ArrayList<>();
    if (nice > 0) c.addAll(List.of(niceProgram, "-n", Integer.toString(nice)));
    c.addAll(List.of(prlimit,
        "--as=" + memoryBytes + ":" + memoryBytes,
        "--nproc=" + processes + ":" + processes,
        "--fsize=" + fileBytes + ":" + fileBytes,
        "--nofile=" + openFiles + ":" + openFiles,
        "--core=0:0"));
    if (cpuSeconds > 0) c.add("--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1));
    c.add("--");
    c.addAll(command);
    return c;
  }
}
