package dev.perennial.environments.guru;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-code topics: a function checked by asserts, and a stdin/stdout program; the expert answers with the code. */
final class CodeTopics {
  static final String SOURCE = "codegen__perennial_generated";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CodeTopics() {}

  static List<GuruTopic> all() { return List.of(new SumOfMultiples(), new LargestSum()); }

  private static SolveStep answerWithCode(String code) {
    return new SolveStep.Answer("The function follows directly from the statement.", "```python\n" + code + "\n```");
  }

  static final class SumOfMultiples implements GuruTopic {
    private static final Pattern K = Pattern.compile("multiples of (\\d+) below n");

    public String name() { return "sum of multiples"; }

    public boolean recognizes(String p) { return p.contains("positive multiples of"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int k = 2 + rng.nextInt(d == 0 ? 5 : 20);
      StringBuilder asserts = new StringBuilder();
      for (int n : new int[] {1, k, k + 1, 10 + rng.nextInt(90), 1000 + rng.nextInt(9000)}) {
        long s = 0;
        for (int i = k; i < n; i += k) s += i;
        asserts.append("assert f(").append(n).append(") == ").append(s).append("\n");
      }
      ObjectNode gt = JSON.createObjectNode().put("functional", asserts.toString());
      return new GeneratedTask(SOURCE, "Write a python function f(n) that returns the sum of all positive multiples of " + k + " below n.", gt.toString());
    }

    public String program(String prompt) {
      Matcher m = K.matcher(prompt);
      String k = m.find() ? m.group(1) : "1";
      return "def f(n):\n    return sum(range(" + k + ", n, " + k + "))";
    }

    @Override
    public SolveStep solve(SolveView view) { return answerWithCode(program(view.prompt())); }
  }

  static final class LargestSum implements GuruTopic {
    private static final Pattern K = Pattern.compile("sum of the (\\d+) largest");

    public String name() { return "sum of largest"; }

    public boolean recognizes(String p) { return p.startsWith("Read integers from one line"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int k = 1 + rng.nextInt(d == 0 ? 3 : 6);
      ArrayNode in = JSON.createArrayNode();
      ArrayNode out = JSON.createArrayNode();
      for (int c = 0; c < 4; c++) {
        List<Integer> xs = new ArrayList<>();
        int n = k + rng.nextInt(8);
        for (int i = 0; i < n; i++) xs.add(rng.nextInt(2001) - 1000);
        StringBuilder line = new StringBuilder();
        for (int x : xs) line.append(line.length() == 0 ? "" : " ").append(x);
        in.add(line + "\n");
        List<Integer> sorted = new ArrayList<>(xs);
        sorted.sort(java.util.Comparator.reverseOrder());
        long s = 0;
        for (int i = 0; i < k; i++) s += sorted.get(i);
        out.add(s + "\n");
      }
      ObjectNode gt = JSON.createObjectNode();
      gt.set("inputs", in);
      gt.set("outputs", out);
      return new GeneratedTask(SOURCE, "Read integers from one line of input and print the sum of the " + k + " largest.", gt.toString());
    }

    public String program(String prompt) {
      Matcher m = K.matcher(prompt);
      String k = m.find() ? m.group(1) : "1";
      return "xs = sorted(map(int, input().split()), reverse=True)\nprint(sum(xs[:" + k + "]))";
    }

    @Override
    public SolveStep solve(SolveView view) { return answerWithCode(program(view.prompt())); }
  }
}
