package dev.perennial.agents.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.protocol.ProtocolTags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {
  @Test
  void substitutesInOnePassSoValuesAreNeverExpanded() {
    var t = PromptTemplate.parse("k", "<hints>{hints}</hints><task>{task}</task>", Set.of("hints", "task"));
    assertEquals("<hints>use {task}</hints><task>x=1</task>", t.render(Map.of("hints", "use {task}", "task", "x=1")));
  }

  @Test
  void bracesThatAreNotPlaceholdersStay() {
    var t = PromptTemplate.parse("k", "json {\"a\": 1} {{literal}} {task}", Set.of("task"));
    assertEquals("json {\"a\": 1} {literal} T", t.render(Map.of("task", "T")));
  }

  @Test
  void anUnknownPlaceholderIsAConfigurationError() {
    var e = assertThrows(IllegalArgumentException.class, () -> PromptTemplate.parse("perennial.agents.prompt.styles.x.solve",
        "{hint}", Set.of("hints")));
    assertTrue(e.getMessage().contains("perennial.agents.prompt.styles.x.solve: unknown placeholder {hint}"), e.getMessage());
  }

  @Test
  void compactDefaultsAreShort() {
    var settings = PromptSettings.from(ConfigFactory.load().getConfig("perennial.agents.prompt"));
    var prompts = new Prompts(settings, ProtocolTags.defaults());
    assertEquals("<hints>no hints available</hints>\n<task>x=5</task>\n", prompts.solve("", "long instructions", "x=5", List.of("echo")));
    String update = prompts.update("k=1", "", "x=5", "did things", 0.0, false, "expected 8");
    assertEquals("<hints>k=1</hints>\n<task>x=5</task>\n<trajectory>did things</trajectory>\n<reward>0.00</reward>\n"
        + "<feedback>expected 8</feedback>\n", update);
    assertEquals("<interpreter>8</interpreter>\n", prompts.interpreter("8"));
  }

  @Test
  void verboseStyleCarriesTheSystemPromptInstructionsAndTheHintNote() {
    var settings = PromptSettings.from(ConfigFactory.parseString("style = verbose")
        .withFallback(ConfigFactory.load().getConfig("perennial.agents.prompt")));
    String p = new Prompts(settings, ProtocolTags.defaults()).solve("k=2", "Add things.", "x=5", List.of("python", "env"));
    assertTrue(p.startsWith("You solve tasks step by step."), p);
    assertTrue(p.contains("Add things.") && p.contains("they may be wrong") && p.contains("python, env"), p);
  }

  @Test
  void anUnknownStyleNamesTheChoices() {
    var e = assertThrows(IllegalArgumentException.class, () -> PromptSettings.from(ConfigFactory.parseString("style = chatty")
        .withFallback(ConfigFactory.load().getConfig("perennial.agents.prompt"))));
    assertTrue(e.getMessage().contains("compact") && e.getMessage().contains("verbose"), e.getMessage());
  }

  @Test
  void capsCutTheMiddleAndSaySo() {
    String s = "a".repeat(100) + "b".repeat(100);
    String cut = TextCap.middle(s, 60);
    assertEquals(60, cut.length());
    assertTrue(cut.startsWith("a") && cut.endsWith("b") && cut.contains("chars cut"), cut);
  }
}
