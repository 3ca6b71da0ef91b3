package dev.perennial.environments.terminal;

import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;

/**
 * One attempt at a terminal task: each env action is one command line; the task ends when the goal
 * holds or the command budget is spent. Reward on success: max(0, 1 − 0.1·commands/max). The
 * feedback says what is still wrong and names the machine's OS and home folder — the convention
 * that the next task of the pack can reuse.
 */
final class TerminalSession implements TaskSession {
  private final Job job;
  private final Shell shell;
  private final VirtualFs local;
  private final VirtualFs remote;
  private final int maxSteps;
  private int steps;
  private boolean done;

  TerminalSession(Job job, OsKind os, String user, VirtualFs local, VirtualFs remote, int maxSteps) {
    this.job = job;
    this.local = local;
    this.remote = remote;
    this.maxSteps = maxSteps;
    this.shell = new Shell(os, user, local, remote);
  }

  @Override
  public StepResult act(String action) {
    if (finished()) return new StepResult("The episode is over.", true, steps);
    steps++;
    String out = shell.run(action);
    if (unmet().isEmpty()) {
      done = true;
      out = (out.isEmpty() ? "" : out + "\n") + "Task complete.";
    } else if (steps >= maxSteps) {
      out = (out.isEmpty() ? "" : out + "\n") + "Out of commands.";
    }
    return new StepResult(out.isEmpty() ? "(no output)" : out, finished(), steps);
  }

  private String unmet() { return job.unmet(local, remote, shell.home()); }

  @Override
  public boolean finished() { return done || steps >= maxSteps; }

  @Override
  public Score score(String finalAnswer) {
    String missing = unmet();
    if (!missing.isEmpty()) return Score.fail("", "not done: " + missing);
    return new Score(Math.max(0, 1 - 0.1 * steps / maxSteps), true, "done", "done in " + steps + " of " + maxSteps + " commands");
  }

  @Override
  public String feedback(Score score) {
    OsKind os = shell.os();
    String machine = " This machine is " + os.word() + " (" + os.shell + "), home " + os.show(shell.home()) + ".";
    return (score.success() ? "Done in " + steps + " commands." : "Not done: " + unmet() + ".") + machine;
  }
}
