package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.perennial.environments.sandbox.HostilePrograms.Hostile;
import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every hostile program and checks, after each: the result is the expected clear failure, no
 * process is left (tag scan and descendant scan of /proc), nothing outside the run directory
 * changed (sentinel files, escape paths, no leftover run directories), the JVM's thread count and
 * heap are back at their baseline, and the sandbox still runs ordinary code. The default run covers
 * every program once (bubblewrap, fresh process each) and a representative subset in the stateful
 * interpreter and under the unshare fallback; the slow run repeats the whole suite in both.
 */
class HostileCodeTest {
  /** Wall timeout of programs meant to run into it; short, so that the suite stays fast. */
  private static final Duration TIMEOUT = Duration.ofMillis(1000);
  /** Wall timeout of the others: they end at once, but the build machine can be very busy. */
  private static final Duration GENEROUS = Duration.ofSeconds(10);
  private static final long MEMORY = 256L << 20;
  private static final int OUTPUT_CAP = 4096;
  /** Programs the unshare fallback does not stop, by design (see UnshareIsolation's Javadoc). */
  private static final Set<String> UNSHARE_GAPS = Set.of("new user namespace");

  static HostileWorld world;
  static PythonSandbox bwrap;
  static PythonSandbox unshare;
  static int baselineThreads;
  static long baselineHeap;

  @BeforeAll
  static void setUp() throws Exception {
    world = HostileWorld.create();
    String common = "temp-root = \"" + world.tempRoot() + "\"";
    bwrap = PythonSandbox.create(SandboxSettings.with("isolation = bwrap, " + common));
    assertTrue(bwrap.isolation().isPresent(), () -> "bubblewrap does not work here: " + bwrap.unavailableReason().orElse(""));
    if (Host.isRoot()) unshare = PythonSandbox.create(SandboxSettings.with("isolation = unshare, " + common));
    // warm up both modes so that lazily created JDK threads (process reaper) are in the baseline
    bwrap.run(request("print(1)"));
    String key = "warm-up";
    bwrap.runStateful(key, request("print(1)"), new CancelSignal());
    bwrap.endSession(key);
    baselineThreads = threads();
    baselineHeap = heapAfterGc();
  }

  @AfterAll
  static void tearDown() throws IOException {
    bwrap.close();
    if (unshare != null) unshare.close();
    world.close();
  }

  /** A few programs, one per kind of attack, that the default run repeats in the other modes. */
  private static final Set<String> REPRESENTATIVE = Set.of("fork bomb", "sleep past the timeout",
      "double-fork daemon", "memory hog", "huge output", "write outside the temp dir", "read /etc/shadow",
      "connect to a host port on 127.0.0.1", "kill -9 of the process group", "fill the disk with many files");

  static Stream<Hostile> programs() { return HostilePrograms.ALL.stream(); }

  static Stream<Hostile> representative() {
    return HostilePrograms.ALL.stream().filter(h -> REPRESENTATIVE.contains(h.name()));
  }

  @Test
  void theSuiteHasAtLeastThirtyPrograms() {
    assertTrue(HostilePrograms.ALL.size() >= 30, "only " + HostilePrograms.ALL.size());
    assertEquals(HostilePrograms.ALL.size(), HostilePrograms.ALL.stream().map(Hostile::name).distinct().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void containedInAFreshProcess(Hostile program) throws Exception {
    SandboxResult r = bwrap.run(request(program));
    check(program, r, bwrap);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("representative")
  void containedInAStatefulInterpreter(Hostile program) throws Exception {
    inStatefulInterpreter(program);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void allContainedInAStatefulInterpreter(Hostile program) throws Exception {
    inStatefulInterpreter(program);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("representative")
  void containedByTheUnshareFallback(Hostile program) throws Exception {
    inUnshareFallback(program);
  }

  @Tag("slow")
  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void allContainedByTheUnshareFallback(Hostile program) throws Exception {
    inUnshareFallback(program);
  }

  private static void inStatefulInterpreter(Hostile program) throws Exception {
    String key = "hostile-" + System.nanoTime();
    SandboxResult r;
    try {
      bwrap.runStateful(key, request("x = 'survives until the hostile call'"), new CancelSignal());
      r = bwrap.runStateful(key, request(program), new CancelSignal());
    } finally {
      bwrap.endSession(key);
    }
    check(program, r, bwrap);
  }

  private static void inUnshareFallback(Hostile program) throws Exception {
    assumeTrue(unshare != null, "the unshare fallback needs root");
    assumeTrue(!UNSHARE_GAPS.contains(program.name()), "a documented gap of the unshare fallback");
    assertEquals("unshare", unshare.isolation().orElse(unshare.unavailableReason().orElse("")));
    SandboxResult r = unshare.run(request(program));
    check(program, r, unshare);
  }

  private static void check(Hostile program, SandboxResult r, PythonSandbox sandbox) throws Exception {
    String text = r.modelText();
    assertTrue(program.expect().contains(r.status()), () -> "expected " + program.expect() + " but got " + r);
    if (program.mustSay() != null) {
      assertTrue(text.toLowerCase(Locale.ROOT).contains(program.mustSay().toLowerCase(Locale.ROOT)),
          () -> "the model should be told '" + program.mustSay() + "' but sees:\n" + text);
    }
    assertTrue(r.stdout().length() <= OUTPUT_CAP + 200 && r.stderr().length() <= OUTPUT_CAP + 400,
        () -> "output not capped: " + r.stdout().length() + " / " + r.stderr().length());

    List<String> left = ProcessScan.leftoversAfter(sandbox.tag(), 5000);
    assertTrue(left.isEmpty(), () -> "processes left behind: " + left);
    world.assertUntouched();
    assertEquals(0, sandbox.liveInterpreters());

    int threads = settle(HostileCodeTest::threads, baselineThreads + 2);
    assertTrue(threads <= baselineThreads + 2, "threads " + threads + " vs baseline " + baselineThreads);
    long heap = heapAfterGc();
    assertTrue(heap <= baselineHeap + (48L << 20), "heap " + (heap >> 20) + " MiB vs baseline " + (baselineHeap >> 20) + " MiB");

    SandboxResult after = sandbox.run(request("print('alive')"));
    assertEquals("alive\n", after.stdout(), after::toString);
  }

  @Test
  void forkBombIsCappedByTheProcessLimitEvenWhenTheJvmIsRoot() {
    Hostile bomb = HostilePrograms.ALL.stream().filter(h -> h.name().equals("fork bomb hits the process limit")).findFirst().orElseThrow();
    SandboxResult r = bwrap.run(request(bomb.code()));
    var m = java.util.regex.Pattern.compile("fork refused after (\\d+) children").matcher(r.stderr());
    assertTrue(m.find(), r::toString);
    int children = Integer.parseInt(m.group(1));
    assertTrue(children > 0 && children < bwrap.settings().maxProcesses(), "children: " + children);
  }

  @Test
  void theEnvironmentIsStrippedAndTheCodeRunsUnprivilegedAndNiced() {
    SandboxResult r = bwrap.run(request("import os\nprint(sorted(os.environ))\nprint(os.getuid(), os.getcwd())\nprint('nice', os.nice(0))"));
    assertTrue(r.stdout().contains("nice " + bwrap.settings().nice()), r::toString);
    assertEquals(Status.OK, r.status(), r::toString);
    for (String leaked : List.of("JAVA_HOME", "MAVEN", "USER", "SSH", "LD_PRELOAD", "DJL_CACHE_DIR")) {
      assertFalse(r.stdout().contains(leaked), () -> leaked + " leaked: " + r.stdout());
    }
    assertTrue(r.stdout().contains(PythonSandbox.TAG_VARIABLE));
    assertFalse(r.stdout().contains(" 0 /"), () -> "runs as root: " + r.stdout());
  }

  static SandboxRequest request(String code) {
    return new SandboxRequest("python", code, "", GENEROUS, MEMORY, OUTPUT_CAP);
  }

  static SandboxRequest request(Hostile program) {
    Duration timeout = program.expect().equals(Set.of(Status.TIMEOUT)) ? TIMEOUT : GENEROUS;
    return new SandboxRequest("python", world.fill(program.code()), "", timeout, MEMORY, OUTPUT_CAP);
  }

  private static int threads() { return ManagementFactory.getThreadMXBean().getThreadCount(); }

  private static long heapAfterGc() {
    for (int i = 0; i < 3; i++) System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static int settle(java.util.function.IntSupplier value, int target) throws InterruptedException {
    int v = value.getAsInt();
    for (int i = 0; i < 40 && v > target; i++) {
      Thread.sleep(50);
      v = value.getAsInt();
    }
    return v;
  }
}
