package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace is a host directory the code works in and whose files outlive the run (what a Ralph
 * loop carries between attempts), under every isolation that works here, in fresh and stateful
 * runs; without one the working directory stays private and nothing is kept.
 */
class SandboxWorkspaceTest {
  @TempDir Path dir;

  /** JUnit's temporary directory is rwx------; the sandbox uid must be able to pass through it. */
  @org.junit.jupiter.api.BeforeEach
  void letTheSandboxUidThrough() throws Exception {
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static SandboxRequest req(String code) {
    return new SandboxRequest("python", code, "", Duration.ofSeconds(10), 256L << 20, 4096);
  }

  @Test
  void filesWrittenInTheWorkspaceAreThereForTheNextRun() throws Exception {
    List<String> isolations = Host.isRoot() ? List.of("bwrap", "unshare", "none") : List.of("bwrap", "none");
    for (String isolation : isolations) {
      Path ws = Files.createDirectories(dir.resolve("ws-" + isolation));
      try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = " + isolation))) {
        SandboxResult w = s.run(req("open('notes.txt', 'w').write('attempt 1 learned: k = 4')\nimport os\nprint(os.getcwd())")
            .withWorkspace(ws));
        assertTrue(w.ok(), w::toString);
        assertEquals("attempt 1 learned: k = 4", Files.readString(ws.resolve("notes.txt")), isolation);
        SandboxResult r = s.run(req("print(open('notes.txt').read())").withWorkspace(ws));
        assertEquals("attempt 1 learned: k = 4\n", r.stdout(), isolation + ": " + r);
        SandboxResult stateful = s.runStateful("episode-2", req("print(sorted(__import__('os').listdir('.')))").withWorkspace(ws),
            new CancelSignal());
        assertEquals("['notes.txt']\n", stateful.stdout(), isolation + ": " + stateful);
        s.endSession("episode-2");
      }
    }
  }

  @Test
  void withoutAWorkspaceNothingOutlivesTheRun() throws Exception {
    Path ws = Files.createDirectories(dir.resolve("unused"));
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = auto"))) {
      assertTrue(s.run(req("open('notes.txt', 'w').write('x')")).ok());
      SandboxResult r = s.run(req("import os\nprint(os.path.exists('notes.txt'))"));
      assertEquals("False\n", r.stdout(), r::toString);
    }
    try (var files = Files.list(ws)) {
      assertFalse(files.findAny().isPresent());
    }
  }

  @Test
  void aWorkspaceTheSandboxUidCannotReachIsRefusedWithTheReason() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Host.isRoot(), "only a root JVM drops to the sandbox uid");
    Path locked = Files.createDirectories(dir.resolve("locked/ws"));
    Files.setPosixFilePermissions(dir.resolve("locked"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = bwrap"))) {
      String problem = s.workspaceProblem(locked).orElseThrow();
      assertTrue(problem.contains("cannot enter " + dir.resolve("locked")) && problem.contains("chmod o+x"), problem);
      SandboxResult r = s.run(req("print(1)").withWorkspace(locked));
      assertEquals(SandboxResult.Status.SANDBOX_FAILURE, r.status());
      assertEquals(problem, r.detail());
    }
  }

  @Test
  void aMissingWorkspaceIsASandboxFailureWithTheReason() {
    try (PythonSandbox s = PythonSandbox.create(SandboxSettings.with("isolation = auto"))) {
      SandboxResult r = s.run(req("print(1)").withWorkspace(dir.resolve("missing")));
      assertEquals(SandboxResult.Status.SANDBOX_FAILURE, r.status());
      assertTrue(r.detail().contains("is not a directory"), r::toString);
    }
  }
}
