package dev.perennial.environments.terminal;

/** The local machine's conventions; the remote host is always Linux. */
enum OsKind {
  LINUX("/home/", "bash"), MAC("/Users/", "zsh"), WINDOWS("C:/Users/", "cmd");

  final String homePrefix;
  final String shell;

  OsKind(String homePrefix, String shell) {
    this.homePrefix = homePrefix;
    this.shell = shell;
  }

  String home(String user) { return homePrefix + user; }

  String word() { return name().toLowerCase(java.util.Locale.ROOT); }

  /** How a path is shown to the user: backslashes on Windows. */
  String show(String path) { return this == WINDOWS ? path.replace('/', '\\') : path; }

  String notFound(String command) {
    return switch (this) {
      case LINUX -> "bash: " + command + ": command not found";
      case MAC -> "zsh: command not found: " + command;
      case WINDOWS -> "'" + command + "' is not recognized as an internal or external command, operable program or batch file.";
    };
  }
}
