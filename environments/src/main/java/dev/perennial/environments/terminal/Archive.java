package dev.perennial.environments.terminal;

import java.util.ArrayList;
import java.util.List;

/** A simulated archive: a file whose content lists the names packed into it. */
final class Archive {
  static final String MAGIC = "archive:";

  private Archive() {}

  static String create(Shell sh, String out, List<String> members) {
    if (members.isEmpty()) return "nothing to pack";
    List<String> names = new ArrayList<>();
    for (String m : members) {
      String p = sh.resolve(m);
      if (p == null || !sh.fs().exists(p)) return m + ": No such file or directory";
      names.add(VirtualFs.name(p));
    }
    String target = sh.resolve(out);
    if (target == null || !sh.fs().write(target, MAGIC + String.join(",", names), "644")) return out + ": cannot create archive";
    return "";
  }

  static List<String> members(String content) {
    return content.startsWith(MAGIC) ? List.of(content.substring(MAGIC.length()).split(",")) : List.of();
  }
}
