package dev.perennial.environments.terminal;

import java.util.ArrayList;
import java.util.List;

/** bash/zsh commands of the simulated shell (Linux and macOS). */
final class PosixCommands {
  private PosixCommands() {}

  static String run(Shell sh, String cmd, List<String> args) {
    VirtualFs fs = sh.fs();
    List<String> flags = args.stream().filter(a -> a.startsWith("-")).toList();
    List<String> paths = new ArrayList<>(args.stream().filter(a -> !a.startsWith("-")).toList());
    boolean recursive = flags.stream().anyMatch(f -> f.contains("r") || f.contains("R"));
    switch (cmd) {
      case "pwd": return sh.cwd();
      case "ls": {
        String dir = paths.isEmpty() ? sh.cwd() : sh.resolve(paths.get(0));
        if (!fs.isDir(dir)) return "ls: cannot access '" + (paths.isEmpty() ? "." : paths.get(0)) + "': No such file or directory";
        return String.join("  ", fs.list(dir, "/"));
      }
      case "cd": {
        String dir = paths.isEmpty() ? sh.home() : sh.resolve(paths.get(0));
        if (!fs.isDir(dir)) return "cd: no such file or directory: " + paths.get(0);
        sh.cd(dir);
        return "";
      }
      case "mkdir":
        for (String p : paths) if (!fs.mkdir(sh.resolve(p), flags.contains("-p"))) return "mkdir: cannot create directory '" + p + "': No such file or directory";
        return "";
      case "touch":
        for (String p : paths) if (!fs.exists(sh.resolve(p)) && !fs.write(sh.resolve(p), "", "644")) return "touch: cannot touch '" + p + "': No such file or directory";
        return "";
      case "cat": {
        if (paths.isEmpty()) return "";
        var n = fs.get(sh.resolve(paths.get(0)));
        if (n.isEmpty() || n.get().dir()) return "cat: " + paths.get(0) + ": No such file or directory";
        return n.get().content();
      }
      case "mv": case "cp": {
        if (paths.size() < 2) return cmd + ": missing destination file operand";
        String dst = sh.resolve(paths.remove(paths.size() - 1));
        for (String p : paths) {
          String src = sh.resolve(p);
          if (!fs.exists(src)) return cmd + ": cannot stat '" + p + "': No such file or directory";
          if (cmd.equals("cp") && fs.isDir(src) && !recursive) return "cp: -r not specified; omitting directory '" + p + "'";
          String target = fs.isDir(dst) ? dst + "/" + VirtualFs.name(src) : dst;
          boolean ok = cmd.equals("mv") ? fs.move(src, target) : fs.copy(src, target);
          if (!ok) return cmd + ": cannot create '" + target + "': No such file or directory";
        }
        return "";
      }
      case "rm":
        for (String p : paths) {
          String t = sh.resolve(p);
          if (!fs.exists(t)) return "rm: cannot remove '" + p + "': No such file or directory";
          if (fs.isDir(t) && !recursive) return "rm: cannot remove '" + p + "': Is a directory";
          fs.remove(t);
        }
        return "";
      case "chmod": {
        if (args.size() < 2) return "chmod: missing operand";
        String mode = args.get(0);
        for (String p : args.subList(1, args.size())) {
          String t = sh.resolve(p);
          var n = fs.get(t);
          if (n.isEmpty()) return "chmod: cannot access '" + p + "': No such file or directory";
          String next = mode.matches("[0-7]{3,4}") ? mode.substring(mode.length() - 3) : mode.matches("[ugoa]*\\+x") ? executable(n.get().mode()) : null;
          if (next == null) return "chmod: invalid mode: '" + mode + "'";
          fs.chmod(t, next);
        }
        return "";
      }
      case "tar": case "zip": {
        int outIndex = cmd.equals("tar") ? args.indexOf(args.stream().filter(a -> a.startsWith("-") && a.contains("f")).findFirst().orElse("")) + 1 : 0;
        List<String> rest = cmd.equals("tar") ? args : paths;
        if (outIndex <= 0 && cmd.equals("tar")) return "tar: Refusing to read archive contents from terminal (missing -f option?)";
        if (rest.size() <= outIndex + 1) return cmd + ": nothing to do";
        return Archive.create(sh, rest.get(outIndex), rest.subList(outIndex + 1, rest.size()));
      }
      default:
        return sh.os().notFound(cmd);
    }
  }

  static String executable(String mode) {
    char[] m = mode.toCharArray();
    for (int i = 0; i < m.length; i++) m[i] = (char) ('0' + ((m[i] - '0') | 1));
    return new String(m);
  }
}
