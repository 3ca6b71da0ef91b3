package dev.perennial.environments.terminal;

import java.util.ArrayList;
import java.util.List;

/**
 * A small simulated shell over the local and remote {@link VirtualFs}: bash/zsh commands on Linux
 * and macOS, cmd commands on Windows, with each OS's path conventions (a backslash is an escape in
 * bash; a forward slash starts a switch in cmd). Commands of the other family are "not found" in
 * the OS's own words, which is how an agent can tell where it is. {@code scp} reaches the Linux
 * host {@code server}. Never throws: every input gets an output line.
 */
final class Shell {
  private final OsKind os;
  private final String user;
  private final VirtualFs local;
  private final VirtualFs remote;
  private String cwd;

  Shell(OsKind os, String user, VirtualFs local, VirtualFs remote) {
    this.os = os;
    this.user = user;
    this.local = local;
    this.remote = remote;
    this.cwd = os.home(user);
  }

  String run(String line) {
    List<String> args = tokens(line == null ? "" : line.strip());
    if (args.isEmpty()) return "";
    String cmd = args.remove(0);
    if (cmd.equals("scp")) return scp(args);
    if (cmd.equals("echo")) return String.join(" ", args);
    return os == OsKind.WINDOWS ? WindowsCommands.run(this, cmd, args) : PosixCommands.run(this, cmd, args);
  }

  OsKind os() { return os; }

  VirtualFs fs() { return local; }

  String cwd() { return cwd; }

  void cd(String dir) { cwd = dir; }

  String home() { return os.home(user); }

  /** An absolute internal path for a local argument, or null when the argument is not a valid path here. */
  String resolve(String arg) {
    String a = arg;
    if (os == OsKind.WINDOWS) {
      if (a.contains("/")) return null;
      a = a.replace('\\', '/');
      if (!a.matches("(?i)^[a-z]:/.*")) a = cwd + "/" + a;
    } else {
      a = a.replace("\\", "");
      if (a.equals("~") || a.startsWith("~/")) a = home() + a.substring(1);
      else if (!a.startsWith("/")) a = cwd + "/" + a;
    }
    return normalize(a);
  }

  static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    String[] segs = path.split("/");
    for (String s : segs) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) { if (parts.size() > 1 || (!parts.isEmpty() && !parts.get(0).endsWith(":"))) parts.remove(parts.size() - 1); }
      else parts.add(s);
    }
    String joined = String.join("/", parts);
    return path.startsWith("/") ? "/" + joined : joined;
  }

  /** {@code scp SRC DST}: exactly one side is {@code user@server:path}. */
  private String scp(List<String> args) {
    List<String> paths = args.stream().filter(a -> !a.startsWith("-") || a.contains("@")).toList();
    if (paths.size() != 2) return "usage: scp source target";
    String remoteSpec = user + "@server:";
    boolean upload = paths.get(1).startsWith(remoteSpec);
    boolean download = paths.get(0).startsWith(remoteSpec);
    if (upload == download) {
      String bad = upload ? paths.get(0) : (paths.get(0).contains("@") ? paths.get(0) : paths.get(1));
      return bad.contains("@") ? "ssh: Could not resolve hostname: " + bad : "scp: one side must be " + remoteSpec + "PATH";
    }
    String localArg = upload ? paths.get(0) : paths.get(1);
    String remoteArg = (upload ? paths.get(1) : paths.get(0)).substring(remoteSpec.length());
    String localPath = resolve(localArg);
    if (localPath == null) return "scp: " + localArg + ": No such file or directory";
    String remotePath = normalize(remoteArg.startsWith("/") ? remoteArg : "/home/" + user + "/" + remoteArg);
    VirtualFs from = upload ? local : remote;
    VirtualFs to = upload ? remote : local;
    String src = upload ? localPath : remotePath;
    String dst = upload ? remotePath : localPath;
    if (!from.exists(src) || from.isDir(src)) return "scp: " + (upload ? localArg : remoteArg) + ": No such file or directory";
    if (to.isDir(dst)) dst = dst + "/" + VirtualFs.name(src);
    VirtualFs.Node file = from.get(src).orElseThrow();
    if (!to.write(dst, file.content(), file.mode())) return "scp: " + (upload ? remoteArg : localArg) + ": No such file or directory";
    return VirtualFs.name(src) + "  100%";
  }

  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        else cur.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        any = true;
      } else if (Character.isWhitespace(c)) {
        if (cur.length() > 0 || any) out.add(cur.toString());
        cur.setLength(0);
        any = false;
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0 || any) out.add(cur.toString());
    return out;
  }
}
