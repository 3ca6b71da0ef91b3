package dev.perennial.environments.terminal;

import java.util.List;

/** cmd.exe commands of the simulated shell (Windows). A forward slash starts a switch, never a path. */
final class WindowsCommands {
  private static final String SYNTAX = "The syntax of the command is incorrect.";
  private static final java.util.Set<String> KNOWN = java.util.Set.of(
      "cd", "chdir", "dir", "mkdir", "md", "type", "move", "copy", "ren", "rename", "del", "erase", "rmdir", "rd", "tar");

  private WindowsCommands() {}

  static String run(Shell sh, String cmd, List<String> args) {
    VirtualFs fs = sh.fs();
    OsKind os = sh.os();
    List<String> paths = args.stream().filter(a -> !a.startsWith("/")).toList();
    String c = cmd.toLowerCase(java.util.Locale.ROOT);
    if (!KNOWN.contains(c)) return os.notFound(cmd);
    for (String p : paths) if (sh.resolve(p) == null) return SYNTAX;
    switch (c) {
      case "cd": case "chdir": {
        if (paths.isEmpty()) return os.show(sh.cwd());
        String dir = sh.resolve(paths.get(0));
        if (!fs.isDir(dir)) return "The system cannot find the path specified.";
        sh.cd(dir);
        return "";
      }
      case "dir": {
        String dir = paths.isEmpty() ? sh.cwd() : sh.resolve(paths.get(0));
        if (!fs.isDir(dir)) return "File Not Found";
        return " Directory of " + os.show(dir) + "\n" + String.join("\n", fs.list(dir, "\\"));
      }
      case "mkdir": case "md":
        for (String p : paths) {
          if (fs.exists(sh.resolve(p))) return "A subdirectory or file " + p + " already exists.";
          fs.mkdir(sh.resolve(p), true);
        }
        return "";
      case "type": {
        if (paths.isEmpty()) return SYNTAX;
        var n = fs.get(sh.resolve(paths.get(0)));
        return n.isEmpty() || n.get().dir() ? "The system cannot find the file specified." : n.get().content();
      }
      case "move": case "copy": {
        if (paths.size() != 2) return SYNTAX;
        String src = sh.resolve(paths.get(0));
        String dst = sh.resolve(paths.get(1));
        if (!fs.exists(src)) return "The system cannot find the file specified.";
        if (cmd.equalsIgnoreCase("copy") && fs.isDir(src)) return "The system cannot find the file specified.";
        String target = fs.isDir(dst) ? dst + "/" + VirtualFs.name(src) : dst;
        boolean ok = cmd.equalsIgnoreCase("move") ? fs.move(src, target) : fs.copy(src, target);
        return ok ? "        1 file(s) " + (cmd.equalsIgnoreCase("move") ? "moved." : "copied.") : "The system cannot find the path specified.";
      }
      case "ren": case "rename": {
        if (paths.size() != 2 || paths.get(1).contains("\\")) return SYNTAX;
        String src = sh.resolve(paths.get(0));
        if (!fs.exists(src)) return "The system cannot find the file specified.";
        return fs.move(src, VirtualFs.parent(src) + "/" + paths.get(1)) ? "" : SYNTAX;
      }
      case "del": case "erase":
        for (String p : paths) {
          String t = sh.resolve(p);
          if (!fs.exists(t) || fs.isDir(t)) return "Could Not Find " + os.show(t == null ? p : t);
          fs.remove(t);
        }
        return "";
      case "rmdir": case "rd": {
        boolean tree = args.stream().anyMatch(a -> a.equalsIgnoreCase("/s"));
        for (String p : paths) {
          String t = sh.resolve(p);
          if (!fs.isDir(t)) return "The system cannot find the file specified.";
          if (!tree && !fs.list(t, "\\").isEmpty()) return "The directory is not empty.";
          fs.remove(t);
        }
        return "";
      }
      case "tar": {
        int f = -1;
        for (int i = 0; i < args.size(); i++) if (args.get(i).startsWith("-") && args.get(i).contains("f")) f = i;
        if (f < 0 || f + 1 >= args.size()) return "tar: no archive name given";
        if (sh.resolve(args.get(f + 1)) == null) return SYNTAX;
        return Archive.create(sh, args.get(f + 1), args.subList(f + 2, args.size()));
      }
      default:
        return os.notFound(cmd);
    }
  }
}
