package dev.perennial.runtime.cli;

import picocli.CommandLine;

/**
 * Turns an exception out of a command into one clear line on stderr and exit code 1 (wrong config,
 * unreadable input, unreachable endpoint), keeping the stack trace for {@code PERENNIAL_DEBUG=1}.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
    cmd.getErr().println("perennial " + cmd.getCommandName() + ": " + describe(root));
    if (System.getenv("PERENNIAL_DEBUG") != null) e.printStackTrace(cmd.getErr());
    return 1;
  }

  private static String describe(Throwable t) {
    String msg = t.getMessage();
    return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
  }
}
