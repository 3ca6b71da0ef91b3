package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
  @Test
  void readsTheDefaults() {
    AgentSettings s = AgentSettings.from(ConfigFactory.load());
    assertEquals(6, s.maxTurns());
    assertEquals(Duration.ofSeconds(15), s.toolTimeout());
    assertEquals(-0.1, s.hintsParsePenalty());
    assertEquals("compact", s.prompt().style());
    assertEquals(List.of("</code>", "</answer>"), s.protocol().solveStops());
    assertEquals(16, s.samplingParams(16, List.of()).maxTokens());
  }

  @Test
  void aBadValueNamesItsKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
        ConfigFactory.parseString("perennial.agents.max-turns = 0").withFallback(ConfigFactory.load())));
    assertEquals("perennial.agents.max-turns must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(
        ConfigFactory.parseString("perennial.agents.protocol.answer-tag = \"an swer\"").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().startsWith("perennial.agents.protocol.answer-tag: 'an swer' is not a tag name"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AgentSettings.from(ConfigFactory.parseString(
        "perennial.agents.prompt.styles.compact.solve = \"{hint} {task}\"").withFallback(ConfigFactory.load())));
    assertTrue(e.getMessage().contains("unknown placeholder {hint}"), e.getMessage());
  }
}
