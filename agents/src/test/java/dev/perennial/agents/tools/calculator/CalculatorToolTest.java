package dev.perennial.agents.tools.calculator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.tools.Contexts;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolSettings;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalculatorToolTest {
  private final CalculatorTool tool = new CalculatorTool(ToolSettings.from(ConfigFactory.load()).calculator());

  private String calc(String input) throws ToolFailure {
    return tool.run(Contexts.call("calculator", input), Contexts.of("ep")).text();
  }

  private String error(String input) {
    return assertThrows(ToolFailure.class, () -> calc(input)).getMessage();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1 + 2 * 3 | 7",
      "(1 + 2) * 3 | 9",
      "2/3 + 1/6 | 5/6 ≈ 0.833333333333",
      "1/4 | 1/4 = 0.25",
      "0.1 + 0.2 | 3/10 = 0.3",
      "-2^2 | -4",
      "2^3^2 | 512",
      "2**-2 | 1/4 = 0.25",
      "7 // 2 | 3",
      "-7 // 2 | -4",
      "-7 % 3 | 2",
      "1.5e3 | 1500",
      "2^100 | 1267650600228229401496703205376",
      "20! | 2432902008176640000",
      "sqrt(16/9) | 4/3 ≈ 1.333333333333",
      "8^(2/3) | 4",
      "root(-27, 3) | -3",
      "gcd(12, 18, 30) | 6",
      "lcm(4, 6) | 12",
      "comb(52, 5) | 2598960",
      "perm(5, 2) | 20",
      "round(2.5) | 2",
      "round(3.14159, 2) | 157/50 = 3.14",
      "abs(-3/4) | 3/4 = 0.75",
      "min(3, 1/2, 2) | 1/2 = 0.5",
      "floor(-1/2) | -1",
      "3 × 4 − 2 ÷ 2 | 11",
      "1_000_000 * 3 | 3000000",
  })
  void computesExactly(String input, String expected) throws Exception {
    assertEquals(expected, calc(input));
  }

  @Test
  void evaluatesEachLineAndRemembersNames() throws Exception {
    assertEquals("a = 2/3 ≈ 0.666666666667\nb = 1/3 ≈ 0.333333333333\n1", calc("a = 2/3\nb = 1/3  # a comment\na + b"));
    assertEquals("x = 3\n9", calc("x = 3; x^2"));
  }

  @Test
  void errorsSayWhereAndWhat() {
    assertTrue(error("1 / 0").contains("division by zero"), error("1 / 0"));
    assertTrue(error("(1 + 2").contains("column 7: expected ')'"), error("(1 + 2"));
    assertTrue(error("2 $ 3").contains("column 3"), error("2 $ 3"));
    assertTrue(error("foo + 1").contains("unknown name 'foo'"));
    assertTrue(error("sqrt(2)").contains("irrational"));
    assertTrue(error("sin(1)").contains("no exact value"));
    assertTrue(error("bar(1)").contains("unknown function 'bar'; available:"));
    assertTrue(error("sqrt(-4)").contains("not a real number"));
    assertTrue(error("(-3)!").contains("negative"));
    assertTrue(error("1.5!").contains("needs integers"));
    assertTrue(error("").contains("nothing to calculate"));
    assertTrue(error("1\n2 +").contains("line 2"), error("1\n2 +"));
    assertTrue(error("2 3").contains("expected an operator"));
    assertTrue(error("sqrt = 3").contains("is a function"));
  }

  @Test
  void hugeResultsAreRefusedQuickly() {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertTrue(error("2^100000000").contains("too large"));
      assertTrue(error("100000!").contains("too large"));
      assertTrue(error("10^5000 * 10^5000 * 10^5000").contains("too large"));
      assertTrue(error("comb(10^9, 5 * 10^8)").contains("too large"));
      assertTrue(error("1e999999999").contains("too large"));
      assertTrue(error("(".repeat(3000) + "1" + ")".repeat(3000)).contains("nested too deeply"));
      assertTrue(error("-".repeat(5000) + "1").contains("nested too deeply"));
      assertTrue(error("1".repeat(20000)).contains("too long"));
    });
  }

  @Test
  void randomInputNeverThrowsAnythingButAToolFailure() {
    Random random = new Random(42);
    String alphabet = "0123456789+-*/^%!().,;=_eE abcxyz\n#√×÷sqrtgcd";
    for (int i = 0; i < 3000; i++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(40);
      for (int j = 0; j < n; j++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      try {
        calc(b.toString());
      } catch (ToolFailure expected) {
        // a clear error is fine; anything else fails the test
      }
    }
  }
}
