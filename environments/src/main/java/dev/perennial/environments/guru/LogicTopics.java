package dev.perennial.environments.guru;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** guru-logic topics: ordering puzzles from pairwise clues and shortest paths in small weighted graphs. */
final class LogicTopics {
  private static final String[] NAMES = {"Ada", "Ben", "Cal", "Dee", "Eve", "Fay", "Gus", "Hal"};

  private LogicTopics() {}

  static List<GuruTopic> all() { return List.of(new Ordering(), new ShortestPath(), new ArcTopic()); }

  static final class Ordering implements GuruTopic {
    private static final Pattern CLUE = Pattern.compile("(\\w+) is taller than (\\w+)");

    public String name() { return "ordering"; }

    public boolean recognizes(String p) { return p.contains("is taller than"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int n = d == 0 ? 3 + rng.nextInt(2) : 5 + rng.nextInt(4);
      List<String> people = new ArrayList<>(List.of(NAMES));
      Collections.shuffle(people, new Random(rng.nextLong()));
      List<String> order = people.subList(0, n);
      List<String> clues = new ArrayList<>();
      for (int i = 0; i + 1 < n; i++) clues.add(order.get(i) + " is taller than " + order.get(i + 1) + ".");
      Collections.shuffle(clues, new Random(rng.nextLong()));
      StringBuilder truth = new StringBuilder("[");
      for (int i = 0; i < n; i++) truth.append(i == 0 ? "" : ", ").append('"').append(order.get(i)).append('"');
      return new GeneratedTask("logic__ordering_puzzle_perennial", String.join(" ", clues) + " List everyone from tallest to shortest.", truth + "]");
    }

    public String program(String prompt) {
      StringBuilder pairs = new StringBuilder("pairs = [");
      Matcher m = CLUE.matcher(prompt);
      while (m.find()) pairs.append("('").append(m.group(1)).append("', '").append(m.group(2)).append("'), ");
      return pairs + "]\nrest = {x for p in pairs for x in p}\norder = []\n"
          + "while rest:\n    top = sorted(x for x in rest if not any(b == x and a in rest for a, b in pairs))[0]\n"
          + "    order.append(top)\n    rest.remove(top)\nprint(order)";
    }
  }

  static final class ShortestPath implements GuruTopic {
    private static final Pattern EDGE = Pattern.compile("(\\w)-(\\w) \\((\\d+)\\)");
    private static final Pattern ENDS = Pattern.compile("from (\\w) to (\\w)");

    public String name() { return "shortest path"; }

    public boolean recognizes(String p) { return p.startsWith("Roads:"); }

    public GeneratedTask generate(SplittableRandom rng, int d) {
      int n = d == 0 ? 4 + rng.nextInt(2) : 6 + rng.nextInt(3);
      while (true) {
        int[][] w = new int[n][n];
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          for (int j = i + 1; j < n; j++) {
            if (j == i + 1 || rng.nextInt(3) == 0) {
              w[i][j] = w[j][i] = 1 + rng.nextInt(9);
              edges.add((char) ('A' + i) + "-" + (char) ('A' + j) + " (" + w[i][j] + ")");
            }
          }
        }
        String path = Graphs.uniqueShortestPath(w, 0, n - 1);
        if (path == null) continue;
        Collections.shuffle(edges, new Random(rng.nextLong()));
        String prompt = "Roads: " + String.join(", ", edges) + ". What is the shortest path from A to " + (char) ('A' + n - 1) + "? Answer like A->B->C.";
        return new GeneratedTask("logic__graph_search_perennial", prompt, path);
      }
    }

    public String program(String prompt) {
      StringBuilder edges = new StringBuilder("edges = [");
      Matcher m = EDGE.matcher(prompt);
      while (m.find()) edges.append("('").append(m.group(1)).append("', '").append(m.group(2)).append("', ").append(m.group(3)).append("), ");
      Matcher e = ENDS.matcher(prompt);
      String from = e.find() ? e.group(1) : "A";
      String to = e.group(2);
      return edges + "]\nimport heapq\ng = {}\nfor a, b, c in edges:\n    g.setdefault(a, []).append((b, c))\n    g.setdefault(b, []).append((a, c))\n"
          + "q = [(0, '" + from + "', ['" + from + "'])]\nseen = set()\nwhile q:\n    d, x, p = heapq.heappop(q)\n"
          + "    if x == '" + to + "':\n        print('->'.join(p))\n        break\n    if x in seen:\n        continue\n    seen.add(x)\n"
          + "    for y, c in g.get(x, []):\n        heapq.heappush(q, (d + c, y, p + [y]))";
    }
  }
}
