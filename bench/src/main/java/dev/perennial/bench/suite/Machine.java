package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the suite ran on, recorded next to its numbers: cores, CPU model, memory, JVM, the commit,
 * the load average (these machines are shared), and whether the PyTorch reference is installed.
 */
record Machine(int cores, String cpu, long memoryMb, String java, String commit, String python, String torch) {

  static Machine describe(String python) {
    return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), totalMemoryMb(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), gitCommit(), python, torchVersion(python));
  }

  boolean hasTorch() { return !torch.isEmpty(); }

  ObjectNode toJson() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("cores", cores).put("cpu", cpu).put("memory_mb", memoryMb).put("java", java).put("commit", commit)
        .put("python", python).put("torch", torch.isEmpty() ? "not installed" : torch);
    return o;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static long totalMemoryMb() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(0L);
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  private static String gitCommit() {
    String head = output(List.of("git", "rev-parse", "--short", "HEAD"));
    String dirty = output(List.of("git", "status", "--porcelain", "--untracked-files=no"));
    return head.isEmpty() ? "unknown" : head + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
  }

  private static String torchVersion(String python) {
    return output(List.of(python, "-c", "import torch; print(torch.__version__)"));
  }

  /** stdout of a short command, "" when it fails. */
  private static String output(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "";
      }
      return p.exitValue() == 0 ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
