package dev.perennial.environments.terminal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One terminal task: a kind and up to three home-relative ('/'-separated) or remote paths. The
 * prompt is written from it, the goal checked on the final file trees, and the prompt read back by
 * the expert ({@link #parse}) — so an expert needs nothing but the prompt.
 */
record Job(Kind kind, String a, String b, String c) {
  enum Kind {
    RENAME("Rename (\\S+) to (\\S+)\\."),
    MOVE("Move (\\S+) to (\\S+)\\."),
    COPY("Copy (\\S+) to (\\S+)\\."),
    DELETE("Delete (\\S+)\\."),
    MKDIR("Create the folder (\\S+)\\."),
    CHMOD("Make (\\S+) in your home folder executable\\."),
    UPLOAD("Upload (\\S+) to the server folder (\\S+)\\."),
    DOWNLOAD("Download (\\S+) from the server into (\\S+)\\."),
    PACK("Pack (\\S+) and (\\S+) into (\\S+)\\."),
    MKDIR_MOVE("Create the folder (\\S+) and move (\\S+) into it\\.");

    final Pattern pattern;

    Kind(String regex) { this.pattern = Pattern.compile(regex); }
  }

  String prompt() {
    return switch (kind) {
      case RENAME -> "Rename " + a + " to " + b + ".";
      case MOVE -> "Move " + a + " to " + b + ".";
      case COPY -> "Copy " + a + " to " + b + ".";
      case DELETE -> "Delete " + a + ".";
      case MKDIR -> "Create the folder " + a + ".";
      case CHMOD -> "Make " + a + " in your home folder executable.";
      case UPLOAD -> "Upload " + a + " to the server folder " + b + ".";
      case DOWNLOAD -> "Download " + a + " from the server into " + b + ".";
      case PACK -> "Pack " + a + " and " + b + " into " + c + ".";
      case MKDIR_MOVE -> "Create the folder " + a + " and move " + b + " into it.";
    };
  }

  static Optional<Job> parse(String text) {
    for (Kind k : Kind.values()) {
      Matcher m = k.pattern.matcher(text);
      if (m.find()) {
        String x = m.group(1);
        String y = m.groupCount() > 1 ? m.group(2) : "";
        String z = m.groupCount() > 2 ? m.group(3) : "";
        return Optional.of(new Job(k, x, y, z));
      }
    }
    return Optional.empty();
  }

  /** Empty when the goal holds, else what is still wrong. */
  String unmet(VirtualFs local, VirtualFs remote, String home) {
    String pa = home + "/" + a;
    String pb = home + "/" + b;
    return switch (kind) {
      case RENAME -> local.exists(pa) ? a + " still exists" : !local.exists(VirtualFs.parent(pa) + "/" + b) ? b + " does not exist" : "";
      case MOVE -> local.exists(pa) ? a + " is still there" : !local.exists(pb + "/" + VirtualFs.name(a)) ? VirtualFs.name(a) + " is not in " + b : "";
      case COPY -> !local.exists(pa) ? "the original " + a + " is gone" : !local.exists(pb + "/" + VirtualFs.name(a)) ? "no copy in " + b : "";
      case DELETE -> local.exists(pa) ? a + " still exists" : !local.isDir(VirtualFs.parent(pa)) ? "its folder was removed too" : "";
      case MKDIR -> local.isDir(pa) ? "" : a + " is not a folder";
      case CHMOD -> local.get(pa).map(n -> (n.mode().charAt(0) - '0') % 2 == 1).orElse(false) ? "" : a + " is not executable";
      case UPLOAD -> remote.exists(b + "/" + VirtualFs.name(a)) ? "" : VirtualFs.name(a) + " is not in " + b + " on the server";
      case DOWNLOAD -> local.exists(pb + "/" + VirtualFs.name(a)) ? "" : VirtualFs.name(a) + " is not in " + b;
      case PACK -> local.get(home + "/" + c).map(n -> Archive.members(n.content()).containsAll(List.of(VirtualFs.name(a), VirtualFs.name(b)))).orElse(false)
          ? "" : c + " does not hold both files";
      case MKDIR_MOVE -> !local.isDir(pa) ? a + " is not a folder" : !local.exists(pa + "/" + VirtualFs.name(b)) ? VirtualFs.name(b) + " is not in " + a
          : local.exists(pb) ? b + " is still there" : "";
    };
  }

  /** The commands that do the job on {@code os} as {@code user}, run from the home folder. */
  List<String> commands(OsKind os, String user) {
    boolean win = os == OsKind.WINDOWS;
    String pa = win ? a.replace('/', '\\') : a;
    String pb = win ? b.replace('/', '\\') : b;
    String pc = win ? c.replace('/', '\\') : c;
    String dirSep = win ? "\\" : "/";
    return switch (kind) {
      case RENAME -> List.of(win ? "ren " + pa + " " + b : "mv " + a + " " + a.substring(0, a.lastIndexOf('/') + 1) + b);
      case MOVE -> List.of((win ? "move " : "mv ") + pa + " " + pb + dirSep);
      case COPY -> List.of((win ? "copy " : "cp ") + pa + " " + pb + dirSep);
      case DELETE -> List.of((win ? "del " : "rm ") + pa);
      case MKDIR -> List.of(win ? "mkdir " + pa : "mkdir -p " + a);
      case CHMOD -> List.of("chmod +x " + a);
      case UPLOAD -> List.of("scp " + pa + " " + user + "@server:" + b + "/");
      case DOWNLOAD -> List.of("scp " + user + "@server:" + a + " " + pb + dirSep);
      case PACK -> List.of(win ? "tar -a -cf " + pc + " " + pa + " " + pb : "zip " + c + " " + a + " " + b);
      case MKDIR_MOVE -> List.of(win ? "mkdir " + pa : "mkdir -p " + a, (win ? "move " : "mv ") + pb + " " + pa + dirSep);
    };
  }
}
