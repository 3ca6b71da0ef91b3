package dev.perennial.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverSettingsTest {
  @Test
  void defaultsAreOffAndAgentIdsGroupIdsAndPacksFollowFromThem() {
    var s = DriverSettings.from(ConfigFactory.load());
    assertFalse(s.enabled());
    assertEquals("", s.role(), "any node, unless a profile names a role");
    assertEquals(List.of("agent-1-0", "agent-1-1", "agent-1-2", "agent-1-3"), s.agentsOf(1));
    assertEquals("g7", s.groupId(7));
    assertEquals(s.packOf(7), s.packOf(7), "the same group always gets the same pack spec");
    assertEquals(s.seed() + 7, s.packOf(7).seed());
    assertEquals(4 * 7, s.episodesPerGroup());
  }

  @Test
  void badValuesNameTheirKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> DriverSettings.from(
        ConfigFactory.parseString("perennial.runtime.driver.group-size = 0").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("perennial.runtime.driver.group-size"), e.getMessage());
    var env = assertThrows(IllegalArgumentException.class, () -> DriverSettings.from(
        ConfigFactory.parseString("perennial.runtime.driver.enabled = on").withFallback(ConfigFactory.load())));
    assertTrue(env.getMessage().contains("environment"), env.getMessage());
  }
}
