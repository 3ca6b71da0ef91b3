package dev.perennial.environments.terminal;

import dev.perennial.environments.Task;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ideal terminal agent. Without a hint about the OS it first runs {@code pwd}: a POSIX path
 * under /home or /Users names Linux or macOS, and cmd's "not recognized" names Windows. It then
 * issues the task's commands in that OS's conventions, one per step. The update keeps the OS —
 * from the feedback, which names it, or from what the probe showed — as {@code os=windows}.
 */
public final class TerminalExpert implements Expert {
  private static final Pattern USER = Pattern.compile("The server is (\\w+)@server");
  private static final Pattern OS_HINT = Pattern.compile("os=(linux|mac|windows)");
  private static final Pattern OS_FEEDBACK = Pattern.compile("This machine is (linux|mac|windows)");

  @Override
  public SolveStep next(SolveView view) {
    Optional<Job> job = Job.parse(view.prompt());
    Matcher u = USER.matcher(view.prompt());
    if (job.isEmpty() || !u.find()) return new SolveStep.Answer("I cannot read the task.", "");
    for (SolveView.ToolExchange x : view.exchanges()) {
      if (x.output().contains("Task complete.") || x.output().contains("Out of commands")) return new SolveStep.Answer("The task is finished.", "");
    }
    Optional<OsKind> os = osFrom(view.hints());
    int probes = 0;
    if (os.isEmpty()) {
      if (view.exchanges().isEmpty()) return new SolveStep.UseTool("The OS is unknown; look at the working directory first.", "env", "pwd");
      os = Optional.of(osFromProbe(view.exchanges().get(0).output()));
      probes = 1;
    }
    List<String> commands = job.get().commands(os.get(), u.group(1));
    int done = view.exchanges().size() - probes;
    if (done >= commands.size()) return new SolveStep.Answer("All commands ran.", "");
    return new SolveStep.UseTool("On " + os.get().word() + ": step " + (done + 1) + " of " + commands.size() + ".", "env", commands.get(done));
  }

  static OsKind osFromProbe(String pwdOutput) {
    if (pwdOutput.startsWith("/Users/")) return OsKind.MAC;
    if (pwdOutput.startsWith("/")) return OsKind.LINUX;
    return OsKind.WINDOWS;
  }

  private static Optional<OsKind> osFrom(String hints) {
    Matcher m = OS_HINT.matcher(hints == null ? "" : hints);
    return m.find() ? Optional.of(OsKind.valueOf(m.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
  }

  @Override
  public String hints(Task task, String previousHints, String lastAttemptSummary, String feedback) {
    Matcher m = OS_FEEDBACK.matcher(feedback == null ? "" : feedback);
    if (m.find()) return "os=" + m.group(1);
    if (lastAttemptSummary != null && lastAttemptSummary.startsWith("env: pwd -> ")) {
      return "os=" + osFromProbe(lastAttemptSummary.substring("env: pwd -> ".length())).word();
    }
    return previousHints == null ? "" : previousHints;
  }
}
