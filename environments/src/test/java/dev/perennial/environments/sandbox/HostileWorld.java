package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The host-side bait and witnesses of the hostile suite: a world-writable sentinel directory (so
 * that only isolation, not file permissions, protects it) with a sentinel file and a fake project
 * data dir, and escape paths in the host's shared temp dirs that must never come to exist.
 */
final class HostileWorld implements AutoCloseable {
  private static final String SENTINEL_TEXT = "sentinel: must never change";
  private static final List<String> SHARED_TEMP_DIRS = List.of("/tmp", "/var/tmp", "/dev/shm", "/run/lock");

  private final Path sentinel;
  private final Path tempRoot;
  private final ServerSocket listener;
  private final String escapeName = "pn-escape-" + UUID.randomUUID();

  private HostileWorld(Path sentinel, Path tempRoot, ServerSocket listener) {
    this.sentinel = sentinel;
    this.tempRoot = tempRoot;
    this.listener = listener;
  }

  static HostileWorld create() throws IOException {
    Path dir = Files.createTempDirectory("perennial-hostile-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path file = Files.writeString(dir.resolve("sentinel.txt"), SENTINEL_TEXT);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(data.resolve("secret.txt"), "project data");
    Path tempRoot = Files.createTempDirectory("perennial-runs-");
    Files.setPosixFilePermissions(tempRoot, PosixFilePermissions.fromString("rwxr-xr-x"));
    ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    listener.setSoTimeout(1);
    return new HostileWorld(dir, tempRoot, listener);
  }

  /** The temp-root the suite's sandboxes use, so that leftover run directories are ours alone. */
  Path tempRoot() { return tempRoot; }

  /** The program with its placeholders filled in. */
  String fill(String code) {
    return code.replace("{SENTINEL}", sentinel.toString())
        .replace("{PROJECT}", System.getProperty("user.dir"))
        .replace("{JVM}", Long.toString(ProcessHandle.current().pid()))
        .replace("{PORT}", Integer.toString(listener.getLocalPort()))
        .replace("{ESCAPE_NAME}", escapeName);
  }

  void assertUntouched() throws IOException {
    assertEquals(SENTINEL_TEXT, Files.readString(sentinel.resolve("sentinel.txt")), "sentinel file changed");
    try (Stream<Path> s = Files.list(sentinel)) {
      assertEquals(List.of("data", "sentinel.txt"), s.map(p -> p.getFileName().toString()).sorted().toList(),
          "sentinel directory changed");
    }
    try (Stream<Path> s = Files.list(sentinel.resolve("data"))) {
      assertEquals(List.of("secret.txt"), s.map(p -> p.getFileName().toString()).toList(), "data dir changed");
    }
    for (String d : SHARED_TEMP_DIRS) {
      assertFalse(Files.exists(Path.of(d, escapeName)), "the sandbox wrote " + d + "/" + escapeName + " on the host");
    }
    Path runs = tempRoot.resolve("perennial-sandbox");
    if (Files.isDirectory(runs)) {
      try (Stream<Path> s = Files.list(runs)) {
        assertEquals(List.of(), s.toList(), "run directories left behind");
      }
    }
    try {
      listener.accept().close();
      throw new AssertionError("sandboxed code reached a listener on the host's 127.0.0.1");
    } catch (SocketTimeoutException expected) {
      // nobody connected
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Path root : List.of(sentinel, tempRoot)) {
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
