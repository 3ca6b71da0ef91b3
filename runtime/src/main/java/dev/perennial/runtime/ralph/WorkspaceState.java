package dev.perennial.runtime.ralph;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a workspace holds at one moment: every entry's relative path with its content hash (files),
 * link target (symbolic links, never followed: the code wrote them, they may point anywhere) or
 * type, and the total size. Two states are equal when the agent changed nothing.
 */
public record WorkspaceState(String digest, int files, long bytes) {
  public static final WorkspaceState NONE = new WorkspaceState("", 0, 0);

  public static WorkspaceState of(Path dir) {
    Map<String, String> entries = new TreeMap<>();
    long[] bytes = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!d.equals(dir)) entries.put(dir.relativize(d).toString(), "dir");
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
          String name = dir.relativize(f).toString();
          if (attrs.isSymbolicLink()) entries.put(name, "link:" + Files.readSymbolicLink(f));
          else if (attrs.isRegularFile()) {
            bytes[0] += attrs.size();
            entries.put(name, "file:" + sha256(f));
          } else entries.put(name, "other");
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          entries.put(dir.relativize(f).toString(), "unreadable");
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the workspace " + dir, e);
    }
    long files = entries.values().stream().filter(v -> v.startsWith("file:")).count();
    return new WorkspaceState(sha256(entries.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), (int) files, bytes[0]);
  }

  private static String sha256(Path f) throws IOException {
    MessageDigest md = sha();
    try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha256(byte[] b) { return HexFormat.of().formatHex(sha().digest(b)); }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
