package dev.perennial.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code perennial} command line: one subcommand per job. */
@Command(
    name = "perennial",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = VersionProvider.class,
    description = "A runtime, on Akka, for long-lived LLM agents that keep learning.",
    subcommands = {InfoCommand.class, TrainCommand.class, ScoreCommand.class, EvalCommand.class, RalphCommand.class,
        ServePolicyCommand.class, ServeCommand.class, NodeCommand.class, ClusterLocalCommand.class, CommandLine.HelpCommand.class})
public final class PerennialCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new PerennialCli());
    cli.setExecutionExceptionHandler(new FriendlyErrors());
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
