package dev.perennial.environments.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import dev.perennial.environments.sandbox.SandboxSettings.IsolationMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {
  @Test
  void readsTheReferenceDefaults() {
    SandboxSettings s = SandboxSettings.defaults();
    assertEquals(IsolationMode.AUTO, s.isolation());
    assertEquals(Runtime.getRuntime().availableProcessors(), s.maxConcurrent());
    assertEquals(32, s.maxProcesses());
    assertEquals(10, s.nice());
    assertEquals(16L << 20, s.maxFileSize());
    assertEquals(Duration.ofSeconds(10), s.defaultTimeout());
    assertEquals(65534, s.uid());
    assertTrue(s.tempRoot().isAbsolute());
  }

  @Test
  void overridesApplyOnTopOfTheDefaults() {
    SandboxSettings s = SandboxSettings.with("isolation = unshare, max-concurrent = 7, stateful.max-live = 3");
    assertEquals(IsolationMode.UNSHARE, s.isolation());
    assertEquals(7, s.maxConcurrent());
    assertEquals(3, s.statefulMaxLive());
  }

  @Test
  void aBadIsolationNamesTheKeyAndTheChoices() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.with("isolation = docker"));
    assertTrue(e.getMessage().contains("perennial.sandbox.isolation") && e.getMessage().contains("bwrap"), e.getMessage());
  }

  @Test
  void refusesToRunCodeAsRoot() {
    ConfigException e = assertThrows(ConfigException.class, () -> SandboxSettings.with("uid = 0"));
    assertTrue(e.getMessage().contains("root"), e.getMessage());
  }

  @Test
  void refusesANegativeConcurrency() {
    assertThrows(ConfigException.class, () -> SandboxSettings.with("max-concurrent = -1"));
  }
}
