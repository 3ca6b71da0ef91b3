package dev.perennial.environments.guru;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * ARC-style grids: two input → output examples of a hidden transform (flips, transpose, rotation,
 * a colour swap) and a test input; the answer is the transformed grid. Examples are drawn until they
 * single out the transform. The expert's program tries every candidate transform on the examples.
 */
final class ArcTopic implements GuruTopic {
  private static final List<String> NAMES = List.of("flip left-right", "flip up-down", "transpose", "rotate 180", "swap colours 1 and 2");
  private static final List<UnaryOperator<int[][]>> OPS = List.of(ArcTopic::flipH, ArcTopic::flipV, ArcTopic::transpose, g -> flipV(flipH(g)), ArcTopic::swap12);

  public String name() { return "arc grid"; }

  public boolean recognizes(String p) { return p.startsWith("Find the rule from the examples"); }

  public GeneratedTask generate(SplittableRandom rng, int d) {
    int size = d == 0 ? 3 : 5;
    int op = rng.nextInt(OPS.size());
    while (true) {
      int[][] a = grid(rng, size);
      int[][] b = grid(rng, size);
      int[][] test = grid(rng, size);
      int consistent = 0;
      for (UnaryOperator<int[][]> o : OPS) {
        if (same(o.apply(a), OPS.get(op).apply(a)) && same(o.apply(b), OPS.get(op).apply(b))) consistent++;
      }
      if (consistent != 1 || same(OPS.get(op).apply(test), test)) continue;
      String prompt = "Find the rule from the examples and apply it to the test grid.\nExample 1 input:\n" + text(a) + "\nExample 1 output:\n"
          + text(OPS.get(op).apply(a)) + "\nExample 2 input:\n" + text(b) + "\nExample 2 output:\n" + text(OPS.get(op).apply(b))
          + "\nTest input:\n" + text(test) + "\nAnswer with the output grid as a JSON list of rows.";
      return new GeneratedTask("simulation__arcagi_perennial", prompt, json(OPS.get(op).apply(test)), java.util.Map.of("rule", NAMES.get(op)));
    }
  }

  public String program(String prompt) {
    List<String> grids = new ArrayList<>();
    for (String block : prompt.split("\n(?=Example|Test|Answer)")) {
      int nl = block.indexOf('\n');
      if (nl > 0 && block.matches("(?s)(Example \\d (input|output)|Test input):\n.*")) grids.add(block.substring(nl + 1).strip());
    }
    StringBuilder py = new StringBuilder("import json\ng = [");
    for (String g : grids) py.append("[").append(String.join(",", g.lines().map(r -> "[" + r.strip().replace(' ', ',') + "]").toList())).append("], ");
    return py + "]\nops = [lambda x: [r[::-1] for r in x], lambda x: x[::-1], lambda x: [list(r) for r in zip(*x)],\n"
        + "       lambda x: [r[::-1] for r in x[::-1]], lambda x: [[{1: 2, 2: 1}.get(v, v) for v in r] for r in x]]\n"
        + "op = next(o for o in ops if o(g[0]) == g[1] and o(g[2]) == g[3])\nprint(json.dumps(op(g[4])))";
  }

  private static int[][] grid(SplittableRandom rng, int n) {
    int[][] g = new int[n][n];
    for (int[] r : g) for (int c = 0; c < n; c++) r[c] = rng.nextInt(4);
    return g;
  }

  private static boolean same(int[][] a, int[][] b) { return java.util.Arrays.deepEquals(a, b); }

  private static String text(int[][] g) {
    StringBuilder b = new StringBuilder();
    for (int[] r : g) {
      if (b.length() > 0) b.append('\n');
      for (int c = 0; c < r.length; c++) b.append(c == 0 ? "" : " ").append(r[c]);
    }
    return b.toString();
  }

  private static String json(int[][] g) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < g.length; i++) {
      b.append(i == 0 ? "[" : ", [");
      for (int c = 0; c < g[i].length; c++) b.append(c == 0 ? "" : ", ").append(g[i][c]);
      b.append("]");
    }
    return b.append("]").toString();
  }

  private static int[][] flipH(int[][] g) {
    int[][] o = new int[g.length][];
    for (int i = 0; i < g.length; i++) {
      o[i] = new int[g[i].length];
      for (int c = 0; c < g[i].length; c++) o[i][c] = g[i][g[i].length - 1 - c];
    }
    return o;
  }

  private static int[][] flipV(int[][] g) {
    int[][] o = new int[g.length][];
    for (int i = 0; i < g.length; i++) o[i] = g[g.length - 1 - i].clone();
    return o;
  }

  private static int[][] transpose(int[][] g) {
    int[][] o = new int[g[0].length][g.length];
    for (int i = 0; i < g.length; i++) for (int c = 0; c < g[0].length; c++) o[c][i] = g[i][c];
    return o;
  }

  private static int[][] swap12(int[][] g) {
    int[][] o = new int[g.length][];
    for (int i = 0; i < g.length; i++) {
      o[i] = g[i].clone();
      for (int c = 0; c < o[i].length; c++) o[i][c] = o[i][c] == 1 ? 2 : o[i][c] == 2 ? 1 : o[i][c];
    }
    return o;
  }
}
