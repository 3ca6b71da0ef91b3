package dev.perennial.environments.guru;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-simulation topics: CodeI/O (predict a function's JSON output) and CruxEval (complete an assertion). */
final class SimulationTopics {
  private static final Pattern FENCE = Pattern.compile("```python\n(.*?)```", Pattern.DOTALL);

  private SimulationTopics() {}

  static List<GuruTopic> all() { return List.of(new CodeIo(), new Crux()); }

  static String list(List<Integer> xs) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < xs.size(); i++) b.append(i == 0 ? "" : ", ").append(xs.get(i));
    return b.append("]").toString();
  }

  static List<Integer> ints(SplittableRandom rng, int n, int bound) {
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) xs.add(rng.nextInt(bound));
    return xs;
  }

  static final class CodeIo implements GuruTopic {
    private static final String CODE = "def f(xs, k):\n    big = [x for x in xs if x > k]\n    return {\"count\": len(big), \"total\": sum(big), \"first\": big[0] if big else None}\n";
    private static final Pattern INPUT = Pattern.compile("INPUT = (\\{.*?\\})\\. ");

    public String name() { return "codeio"; }

    public boolean recognizes(String p) { return p.startsWith("Given this python function"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      List<Integer> xs = ints(rng, d == 0 ? 5 : 12, d == 0 ? 20 : 1000);
      int k = rng.nextInt(d == 0 ? 20 : 1000);
      List<Integer> big = xs.stream().filter(x -> x > k).toList();
      long total = big.stream().mapToLong(Integer::longValue).sum();
      String first = big.isEmpty() ? "null" : Integer.toString(big.get(0));
      String input = "{\"xs\": " + list(xs) + ", \"k\": " + k + "}";
      String prompt = "Given this python function:\n```python\n" + CODE + "```\nPredict f(**INPUT) for INPUT = " + input
          + ". Answer with JSON {\"output\": ...}.";
      return new GeneratedTask("simulation__codeio_perennial", prompt, "{\"output\": {\"count\": " + big.size() + ", \"total\": " + total + ", \"first\": " + first + "}}");
    }

    public String program(String prompt) {
      Matcher code = FENCE.matcher(prompt);
      Matcher in = INPUT.matcher(prompt);
      if (!code.find() || !in.find()) return "print('?')";
      return "import json\n" + code.group(1) + "print(json.dumps({\"output\": f(**json.loads('" + in.group(1) + "'))}))";
    }
  }

  static final class Crux implements GuruTopic {
    private static final String CODE = "def f(s, n):\n    return s[n:] + s[:n].upper()\n";
    private static final Pattern CALL = Pattern.compile("assert f\\((.*)\\) == \\?\\?");

    public String name() { return "cruxeval"; }

    public boolean recognizes(String p) { return p.contains("== ??"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      StringBuilder s = new StringBuilder();
      int len = d == 0 ? 5 : 10;
      for (int i = 0; i < len; i++) s.append((char) ('a' + rng.nextInt(26)));
      int n = rng.nextInt(len + 1);
      String input = "'" + s + "', " + n;
      String out = "'" + s.substring(n) + s.substring(0, n).toUpperCase(java.util.Locale.ROOT) + "'";
      String prompt = CODE + "assert f(" + input + ") == ??\nGive the value that makes the assertion true.";
      return new GeneratedTask("simulation__cruxeval_perennial", prompt, out, Map.of("code", CODE, "input", input));
    }

    public String program(String prompt) {
      Matcher call = CALL.matcher(prompt);
      if (!call.find()) return "print('?')";
      return prompt.substring(0, call.start()) + "print(repr(f(" + call.group(1) + ")))";
    }
  }
}
