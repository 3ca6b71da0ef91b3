package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.sandbox.SandboxResult.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PythonSandboxTest {
  static PythonSandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = PythonSandbox.create(SandboxSettings.defaults());
    assertTrue(sandbox.unavailableReason().isEmpty(), () -> "no sandbox: " + sandbox.unavailableReason().orElse(""));
  }

  @AfterAll
  static void stop() { sandbox.close(); }

  private static SandboxRequest req(String code, long timeoutMs) {
    return new SandboxRequest("python", code, "", Duration.ofMillis(timeoutMs), 256L << 20, 4096);
  }

  @Test
  void printsAndExitsZero() {
    SandboxResult r = sandbox.run(req("print(1+1)", 10_000));
    assertEquals(Status.OK, r.status(), r::toString);
    assertEquals("2\n", r.stdout());
    assertTrue(r.ok());
  }

  @Test
  void reportsAnExceptionWithItsTraceback() {
    SandboxResult r = sandbox.run(req("1/0", 10_000));
    assertEquals(Status.ERROR, r.status());
    assertTrue(r.stderr().contains("ZeroDivisionError"), r::toString);
  }

  @Test
  void feedsStdin() {
    SandboxResult r = sandbox.run(req("import sys; print(sys.stdin.read().upper())", 10_000).withStdin("abc"));
    assertEquals("ABC\n", r.stdout(), r::toString);
  }

  @Test
  void killsAfterWallTimeout() {
    SandboxResult r = sandbox.run(req("import time\nprint('before', flush=True)\ntime.sleep(60)", 1500));
    assertEquals(Status.TIMEOUT, r.status(), r::toString);
    assertTrue(r.wallMillis() < 5000);
    assertTrue(r.stdout().contains("before"));
  }

  @Test
  void truncatesTheMiddleOfLongOutput() {
    SandboxResult r = sandbox.run(req("print('A'*100000); print('END')", 10_000));
    assertTrue(r.stdout().startsWith("AAAA"), r::toString);
    assertTrue(r.stdout().endsWith("END\n"));
    assertTrue(r.stdout().contains("truncated from the middle"));
    assertTrue(r.stdout().length() < 4200);
  }

  @Test
  void cancelFromAnotherThreadReturnsPromptly() throws Exception {
    CancelSignal cancel = new CancelSignal();
    CompletableFuture<SandboxResult> f = CompletableFuture.supplyAsync(() -> sandbox.run(req("while True: pass", 30_000), cancel));
    Thread.sleep(500);
    long t = System.nanoTime();
    cancel.cancel();
    SandboxResult r = f.get(5, TimeUnit.SECONDS);
    assertEquals(Status.KILLED, r.status(), r::toString);
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t) < 10_000, "cancel returns long before the 30 s limit");
  }

  @Test
  void statefulCallsShareGlobals() {
    String key = "ep-" + System.nanoTime();
    try {
      SandboxResult a = sandbox.runStateful(key, req("x = 41\ndef f(): return x + 1", 10_000), new CancelSignal());
      assertEquals(Status.OK, a.status(), a::toString);
      SandboxResult b = sandbox.runStateful(key, req("print(f())", 10_000), new CancelSignal());
      assertEquals("42\n", b.stdout(), b::toString);
      SandboxResult c = sandbox.runStateful(key, req("print(undefined_name)", 10_000), new CancelSignal());
      assertEquals(Status.ERROR, c.status());
      assertTrue(c.stderr().contains("NameError"), c::toString);
      assertTrue(!c.stderr().contains("driver.py"), c::toString);
      SandboxResult d = sandbox.runStateful(key, req("print(x)", 10_000), new CancelSignal());
      assertEquals("41\n", d.stdout(), d::toString);
    } finally {
      sandbox.endSession(key);
    }
    assertEquals(0, sandbox.liveInterpreters());
  }

  @Test
  void statefulTimeoutRestartsTheInterpreter() {
    String key = "ep-" + System.nanoTime();
    try {
      sandbox.runStateful(key, req("x = 1", 10_000), new CancelSignal());
      SandboxResult t = sandbox.runStateful(key, req("print('partial', flush=True)\nwhile True: pass", 1000), new CancelSignal());
      assertEquals(Status.TIMEOUT, t.status(), t::toString);
      assertTrue(t.stdout().contains("partial"), t::toString);
      assertTrue(t.detail().contains("variables from earlier calls are gone"), t::toString);
      SandboxResult after = sandbox.runStateful(key, req("print('x' in globals())", 10_000), new CancelSignal());
      assertEquals("False\n", after.stdout(), after::toString);
    } finally {
      sandbox.endSession(key);
    }
  }
}
