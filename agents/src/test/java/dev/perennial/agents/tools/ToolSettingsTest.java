package dev.perennial.agents.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ToolSettingsTest {
  @Test
  void readsTheReferenceDefaults() {
    ToolSettings s = ToolSettings.from(ConfigFactory.load());
    assertTrue(s.python().stateful());
    assertEquals(Duration.ofSeconds(10), s.python().timeout());
    assertEquals(8192, s.python().maxOutputBytes());
    assertEquals(50, s.sql().maxRows());
    assertEquals("256MB", s.sql().memoryLimit());
    assertEquals(10000, s.calculator().maxDigits());
  }

  @Test
  void aMemoryLimitThatCouldInjectSqlIsRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> ToolSettings.from(
        ConfigFactory.parseString("perennial.agents.tools.sql.memory-limit = \"1GB'; DROP TABLE x; --\"")
            .withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("memory-limit"), e.getMessage());
  }
}
