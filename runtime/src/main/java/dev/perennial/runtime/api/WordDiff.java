package dev.perennial.runtime.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A word-level diff of two hints texts (longest common subsequence over whitespace-separated
 * words, whitespace kept with the word before it), for the context history: hints are short
 * (a few hundred characters), so the quadratic table is small.
 */
final class WordDiff {
  /** "=" kept, "-" removed, "+" added. */
  record Op(String op, String text) {}

  private WordDiff() {}

  static List<Op> diff(String before, String after) {
    List<String> a = words(before);
    List<String> b = words(after);
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] = a.get(i).strip().equals(b.get(j).strip()) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Op> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).strip().equals(b.get(j).strip())) {
        add(out, "=", b.get(j));
        i++;
        j++;
      } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
        add(out, "-", a.get(i++)); // removals before additions, as diffs read
      } else {
        add(out, "+", b.get(j++));
      }
    }
    return out;
  }

  private static void add(List<Op> out, String op, String word) {
    if (!out.isEmpty() && out.get(out.size() - 1).op().equals(op)) {
      out.set(out.size() - 1, new Op(op, out.get(out.size() - 1).text() + word));
    } else {
      out.add(new Op(op, word));
    }
  }

  private static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+\\s*").matcher(s == null ? "" : s);
    while (m.find()) out.add(m.group());
    return out;
  }
}
