package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SandboxPermitsTest {
  @Test
  void aCallerBeyondTheLimitWaitsAndItsQueueTimeIsMeasured() throws Exception {
    SandboxPermits permits = new SandboxPermits(1);
    SandboxPermits.Permit first = permits.acquire(Duration.ofSeconds(5), new CancelSignal());
    assertNotNull(first);
    CompletableFuture<SandboxPermits.Permit> second =
        CompletableFuture.supplyAsync(() -> permits.acquire(Duration.ofSeconds(5), new CancelSignal()));
    Thread.sleep(300);
    assertEquals(1, permits.stats().waiting());
    first.close();
    SandboxPermits.Permit p = second.get(5, TimeUnit.SECONDS);
    assertTrue(p.queueMillis() >= 250, "queued " + p.queueMillis());
    p.close();
    SandboxPermits.Stats s = permits.stats();
    assertEquals(2, s.granted());
    assertEquals(0, s.inUse());
    assertTrue(s.maxQueueMillis() >= 250 && s.meanQueueMillis() > 0, s::toString);
  }

  @Test
  void givesUpAfterTheMaximumWait() {
    SandboxPermits permits = new SandboxPermits(1);
    permits.acquire(Duration.ofSeconds(5), new CancelSignal());
    assertNull(permits.acquire(Duration.ofMillis(100), new CancelSignal()));
    assertEquals(1, permits.stats().refused());
  }

  @Test
  void stopsWaitingWhenCancelled() throws Exception {
    SandboxPermits permits = new SandboxPermits(1);
    permits.acquire(Duration.ofSeconds(5), new CancelSignal());
    CancelSignal cancel = new CancelSignal();
    CompletableFuture<SandboxPermits.Permit> waiting =
        CompletableFuture.supplyAsync(() -> permits.acquire(Duration.ofSeconds(30), cancel));
    Thread.sleep(100);
    cancel.cancel();
    assertNull(waiting.get(2, TimeUnit.SECONDS));
  }

  @Test
  void closingAPermitTwiceReleasesItOnce() {
    SandboxPermits permits = new SandboxPermits(2);
    SandboxPermits.Permit p = permits.acquire(Duration.ofSeconds(1), new CancelSignal());
    p.close();
    p.close();
    assertEquals(0, permits.stats().inUse());
    assertEquals(2, permits.limit());
  }

  @Test
  void rejectsAZeroLimit() {
    assertThrows(IllegalArgumentException.class, () -> new SandboxPermits(0));
  }
}
