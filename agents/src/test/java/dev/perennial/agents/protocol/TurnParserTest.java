package dev.perennial.agents.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TurnParserTest {
  private final TurnParser parser = new TurnParser(ProtocolTags.defaults());

  @Test
  void readsAToolCallWithItsLang() {
    var t = parser.parse("<plan>compute</plan>\n<code lang=\"python\">\nprint(1+1)\n</code>");
    assertEquals(new ParsedTurn.ToolCallRequest("python", "print(1+1)"), t);
  }

  @Test
  void acceptsSingleQuotedBareAndSpacedAttributes() {
    assertEquals(new ParsedTurn.ToolCallRequest("sql", "select 1"), parser.parse("<code lang='sql'>select 1</code>"));
    assertEquals(new ParsedTurn.ToolCallRequest("env", "Direction 2"), parser.parse("<code lang=env>Direction 2</code>"));
    assertEquals(new ParsedTurn.ToolCallRequest("calculator", "2*3"), parser.parse("<code  id=\"7\"  lang = \"calculator\" >2*3</code>"));
  }

  @Test
  void aCodeBlockWithoutLangUsesTheDefaultTool() {
    assertEquals(new ParsedTurn.ToolCallRequest("python", "x=1"), parser.parse("<code>x=1</code>"));
    var strict = new TurnParser(new ProtocolTags("plan", "code", "lang", "", "interpreter", "reflect", "answer", "hints"));
    assertInstanceOf(ParsedTurn.MalformedCall.class, strict.parse("<code>x=1</code>"));
  }

  @Test
  void readsTheAnswer() {
    assertEquals(new ParsedTurn.Answer("42", true), parser.parse("<reflect>ok</reflect><answer> 42 </answer>"));
    assertEquals(new ParsedTurn.Answer("4", false), parser.parse("<answer>4"));
  }

  @Test
  void theFirstOpeningTagDecides() {
    assertInstanceOf(ParsedTurn.Answer.class, parser.parse("<answer>1</answer><code lang=\"python\">x</code>"));
    assertInstanceOf(ParsedTurn.ToolCallRequest.class, parser.parse("<code lang=\"python\">x</code><answer>1</answer>"));
  }

  @Test
  void malformedCallsSayWhatIsWrong() {
    assertEquals(new ParsedTurn.MalformedCall("unclosed <code> block (expected </code>)"), parser.parse("<code lang=\"python\">print(1)"));
    assertEquals(new ParsedTurn.MalformedCall("unterminated <code tag (missing '>')"), parser.parse("text <code lang=\"py"));
    assertEquals(new ParsedTurn.MalformedCall("empty <code> block"), parser.parse("<code lang=\"python\">  </code>"));
    assertEquals(new ParsedTurn.MalformedCall("invalid tool name 'rm -rf'"), parser.parse("<code lang=\"rm -rf\">x</code>"));
    assertEquals(new ParsedTurn.MalformedCall("unterminated <code tag (missing '>')"), parser.parse("<code"));
  }

  @Test
  void plainTextIsNoAction() {
    assertEquals(new ParsedTurn.NoAction(), parser.parse("<plan>thinking</plan> <codex>not a call</codex>"));
    assertEquals(new ParsedTurn.NoAction(), parser.parse(""));
    assertEquals(new ParsedTurn.NoAction(), parser.parse(null));
  }

  @Test
  void hintsAreReadFromTheFirstCompleteBlock() {
    assertEquals(ParsedHints.of("k=3"), parser.parseHints("<hints> k=3 </hints><hints>other</hints>"));
    assertEquals("no <hints> block", parser.parseHints("just text").error());
    assertEquals("unclosed <hints> block (expected </hints>)", parser.parseHints("<hints>k=").error());
    assertEquals("empty <hints> block", parser.parseHints("<hints>\n</hints>").error());
    assertFalse(parser.parseHints(null).parsed());
  }

  @Test
  void configuredTagsAreUsed() {
    var custom = new TurnParser(new ProtocolTags("think", "tool", "name", "", "output", "check", "final", "notes"));
    assertEquals(new ParsedTurn.ToolCallRequest("python", "1"), custom.parse("<tool name=\"python\">1</tool>"));
    assertEquals(new ParsedTurn.Answer("7", true), custom.parse("<final>7</final>"));
    assertEquals(ParsedHints.of("n"), custom.parseHints("<notes>n</notes>"));
    assertInstanceOf(ParsedTurn.NoAction.class, custom.parse("<answer>7</answer>"));
  }

  /** 5,000 random and adversarial strings: the parser always answers, fast, with a coherent result. */
  @Test
  void fuzzNeverThrowsAndStaysCoherent() {
    List<String> inputs = new ArrayList<>(adversarial());
    Random rnd = new Random(20240601);
    String[] pieces = {"<", ">", "/", "code", "answer", "hints", "plan", "lang", "=", "\"", "'", " ", "\n", "\t", "python",
        "<code", "</code>", "<answer>", "</answer>", "<hints>", "</hints>", "lang=\"", "\u0000", "\uD83D\uDE00", "\uD800", "é",
        "<code lang=\"env\">", "&lt;", "<<", ">>", "{", "}", "\\"};
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(60);
      for (int j = 0; j < n; j++) {
        if (rnd.nextInt(4) == 0) sb.append((char) rnd.nextInt(0x3000));
        else sb.append(pieces[rnd.nextInt(pieces.length)]);
      }
      inputs.add(sb.toString());
    }
    long start = System.nanoTime();
    for (String s : inputs) {
      ParsedTurn t = parser.parse(s);
      assertNotNull(t, s);
      if (t instanceof ParsedTurn.ToolCallRequest r) {
        assertTrue(TurnParser.validToolName(r.tool()), r.tool());
        assertFalse(r.input().isBlank(), s);
      }
      if (t instanceof ParsedTurn.MalformedCall m) assertFalse(m.reason().isBlank());
      ParsedHints h = parser.parseHints(s);
      assertEquals(h.parsed(), h.error().isEmpty(), s);
      h.hints().ifPresent(x -> assertFalse(x.isBlank()));
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(inputs.size() > 5000);
    assertTrue(millis < 10_000, "linear scanning: " + inputs.size() + " inputs took " + millis + " ms");
  }

  private static List<String> adversarial() {
    List<String> a = new ArrayList<>();
    a.add("<code".repeat(200_000));
    a.add("<code lang=\"python\">" + "x".repeat(1_000_000));
    a.add("<answer>".repeat(100_000));
    a.add("<code lang=".repeat(50_000) + ">");
    a.add("<code lang=\"" + "a".repeat(10_000) + "\">x</code>");
    a.add("<code " + "lang=x ".repeat(20_000) + ">y</code>");
    a.add("<code lang=\"python\"><code lang=\"python\">nested</code></code>");
    a.add("<code lang=\"\">x</code>");
    a.add("<code lang='unterminated>x</code>");
    a.add("<code =\"python\">x</code>");
    a.add("<code lang=\"py\nthon\">x</code>");
    a.add("</code></answer></hints>");
    a.add("<hints></hints><hints>a</hints>");
    a.add("\u0000<code lang=\"python\">\u0000</code>");
    a.add("<answer></answer>");
    a.add("<code lang=\"python\"></code >");
    a.add("<code>" + "\uD800".repeat(1000) + "</code>");
    a.add("<code\tlang\t=\t\"sql\"\t>select</code>");
    return a;
  }
}
