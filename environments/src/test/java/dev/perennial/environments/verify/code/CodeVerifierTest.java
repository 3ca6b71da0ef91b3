package dev.perennial.environments.verify.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Score;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodeVerifierTest {
  final CodeVerifier code = new CodeVerifier(new PythonSubprocessRunner(), TestSettings.FAST);

  static String md(String src) { return "Here:\n```python\n" + src + "\n```\n"; }

  @Test
  void functionalTestsPass() {
    Score s = code.verify(md("def add(a, b):\n    return a + b"), "{\"functional\": \"assert add(2, 3) == 5\\nassert add(-1, 1) == 0\"}", Map.of());
    assertTrue(s.success(), s.reason());
  }

  @Test
  void functionalTestsFailWithReason() {
    Score s = code.verify(md("def add(a, b):\n    return a - b"), "{\"functional\": \"assert add(2, 3) == 5\"}", Map.of());
    assertFalse(s.success());
    assertTrue(s.reason().contains("AssertionError"), s.reason());
  }

  @Test
  void prefixFromExtraInfoIsPrepended() {
    Score s = code.verify(md("def f():\n    return helper() + 1"), "{\"functional\": \"assert f() == 42\"}", Map.of("prefix", "def helper():\n    return 41"));
    assertTrue(s.success(), s.reason());
  }

  @Test
  void stdioCasesComparedLineByLineWithNumericTolerance() {
    String gt = "{\"inputs\": [\"1 2\\n\", \"3 4\\n\"], \"outputs\": [\"3.0000001\\nYES\\n\", \"7\\nYES\"]}";
    Score s = code.verify(md("a, b = map(int, input().split())\nprint(a + b)\nprint('yes')"), gt, Map.of());
    assertTrue(s.success(), s.reason());
  }

  @Test
  void everyCaseMustPassUnlessPartialCredit() {
    String gt = "{\"inputs\": [\"1\", \"2\", \"3\", \"4\"], \"outputs\": [\"1\", \"4\", \"9\", \"17\"]}";
    String prog = md("n = int(input())\nprint(n * n)");
    assertEquals(0.0, code.verify(prog, gt, Map.of()).score());
    Score partial = code.verify(prog, gt, Map.of("partial_credit", "true"));
    assertEquals(0.75, partial.score(), 1e-9);
    assertFalse(partial.success());
  }

  @Test
  void functionNameCasesCompareReturnValuesAsJson() {
    String gt = "{\"fn_name\": \"pair\", \"inputs\": [[1, 2], [3, 4]], \"outputs\": [[[1, 2]], [[3, 4]]]}";
    assertTrue(code.verify(md("def pair(a, b):\n    return (a, b)"), gt, Map.of()).success());
  }

  @Test
  void timeoutFailsTheCase() {
    Score s = code.verify(md("while True:\n    pass"), "{\"inputs\": [\"\"], \"outputs\": [\"1\"]}", Map.of());
    assertFalse(s.success());
    assertTrue(s.reason().contains("TIMEOUT"), s.reason());
  }

  @Test
  void noCodeBlockOrBadTruthScoresZeroWithReason() {
    assertEquals("no python code block in the response", code.verify("just words", "{\"functional\": \"pass\"}", Map.of()).reason());
    assertTrue(code.verify(md("print(1)"), "not json", Map.of()).reason().contains("not JSON"));
    assertTrue(code.verify(md("print(1)"), "{\"inputs\": [\"1\"], \"outputs\": []}", Map.of()).reason().contains("differ in length"));
  }

  @Test
  void outputMatchRules() {
    assertEquals("", OutputMatch.difference("1.0000000001\n", "1"));
    assertEquals("", OutputMatch.difference("Yes", "YES"));
    assertFalse(OutputMatch.difference("abc", "ABC").isEmpty());
    assertFalse(OutputMatch.difference("1.001", "1").isEmpty());
    assertFalse(OutputMatch.difference("1\n2", "1").isEmpty());
  }
}
