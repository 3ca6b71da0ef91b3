package dev.perennial.environments.terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory file tree of one machine. Paths are absolute, '/'-separated internally
 * ({@code C:/Users/ana/Documents} on Windows); Windows lookups ignore case. Files have text content
 * and a Unix mode.
 */
final class VirtualFs {
  record Node(boolean dir, String content, String mode) {}

  private final Map<String, Node> nodes = new TreeMap<>();
  private final Map<String, String> display = new TreeMap<>();
  private final boolean ignoreCase;

  VirtualFs(boolean ignoreCase, String root) {
    this.ignoreCase = ignoreCase;
    put(root, new Node(true, "", "755"));
  }

  private String key(String path) { return ignoreCase ? path.toLowerCase(Locale.ROOT) : path; }

  private void put(String path, Node n) {
    nodes.put(key(path), n);
    display.put(key(path), path);
  }

  Optional<Node> get(String path) { return Optional.ofNullable(nodes.get(key(path))); }

  boolean exists(String path) { return nodes.containsKey(key(path)); }

  boolean isDir(String path) { return get(path).map(Node::dir).orElse(false); }

  /** The parent folder; "/" for a top-level POSIX path; a root ("/", "C:") is its own parent. */
  static String parent(String path) {
    int i = path.lastIndexOf('/');
    if (i < 0 || path.equals("/")) return path;
    return i == 0 ? "/" : path.substring(0, i);
  }

  static String name(String path) { return path.substring(path.lastIndexOf('/') + 1); }

  /** Creates a directory (and with {@code parents} its missing ancestors); false when the parent is missing. */
  boolean mkdir(String path, boolean parents) {
    if (exists(path)) return isDir(path);
    if (!exists(parent(path))) {
      if (!parents || parent(path).equals(path) || !mkdir(parent(path), true)) return false;
    }
    put(path, new Node(true, "", "755"));
    return true;
  }

  boolean write(String path, String content, String mode) {
    if (!isDir(parent(path)) || isDir(path)) return false;
    put(path, new Node(false, content, mode));
    return true;
  }

  void chmod(String path, String mode) {
    get(path).ifPresent(n -> put(display.get(key(path)), new Node(n.dir(), n.content(), mode)));
  }

  /** Removes a path and everything under it. */
  void remove(String path) {
    String k = key(path);
    nodes.keySet().removeIf(p -> p.equals(k) || p.startsWith(k + "/"));
    display.keySet().removeIf(p -> p.equals(k) || p.startsWith(k + "/"));
  }

  /** Copies a file or a whole directory to {@code to}; false when the destination's parent is missing. */
  boolean copy(String from, String to) {
    if (!exists(from) || !isDir(parent(to))) return false;
    String k = key(from);
    List<Map.Entry<String, Node>> sub = new ArrayList<>();
    for (var e : nodes.entrySet()) if (e.getKey().equals(k) || e.getKey().startsWith(k + "/")) sub.add(e);
    for (var e : sub) put(to + display.get(e.getKey()).substring(from.length()), e.getValue());
    return true;
  }

  boolean move(String from, String to) {
    if (key(from).equals(key(to))) return exists(from);
    if (!copy(from, to)) return false;
    remove(from);
    return true;
  }

  /** Names directly inside {@code dir}, directories marked with a trailing separator. */
  List<String> list(String dir, String separator) {
    String k = key(dir).endsWith("/") ? key(dir) : key(dir) + "/";
    List<String> out = new ArrayList<>();
    for (var e : nodes.entrySet()) {
      String p = e.getKey();
      if (p.startsWith(k) && p.indexOf('/', k.length()) < 0) out.add(name(display.get(p)) + (e.getValue().dir() ? separator : ""));
    }
    return out;
  }
}
