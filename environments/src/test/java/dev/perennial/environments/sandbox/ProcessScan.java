package dev.perennial.environments.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds processes a sandbox left behind, two independent ways: every live process whose
 * environment carries the sandbox's tag, and every live descendant of this JVM (which catches a
 * process that exec'd itself with an empty environment to drop the tag). Zombies count as gone.
 */
final class ProcessScan {
  private ProcessScan() {}

  static List<String> leftovers(String tag) {
    List<String> found = new ArrayList<>();
    byte[] needle = (PythonSandbox.TAG_VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        long pid = Long.parseLong(p.getFileName().toString());
        if (!Host.running(pid)) continue;
        byte[] env;
        try {
          env = Files.readAllBytes(p.resolve("environ"));
        } catch (IOException e) {
          continue;
        }
        if (indexOf(env, needle) >= 0) found.add("tagged pid " + pid + " " + cmdline(pid));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ProcessHandle.current().descendants()
        .filter(h -> Host.running(h.pid()))
        .forEach(h -> found.add("descendant pid " + h.pid() + " " + cmdline(h.pid())));
    return found;
  }

  /** Polls until nothing is left (teardown of a pid namespace is asynchronous) or {@code millis} pass. */
  static List<String> leftoversAfter(String tag, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    List<String> left = leftovers(tag);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      left = leftovers(tag);
    }
    return left;
  }

  static String cmdline(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ').strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
