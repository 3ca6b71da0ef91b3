package dev.perennial.environments.frozenlake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent can know about the hidden code → move mapping: the permutations still consistent
 * with its hints and with what it has seen. Starts from all 24.
 */
final class CodeBelief {
  private static final Pattern PAIR = Pattern.compile("([1-4])\\s*=\\s*(down|right|up|left)", Pattern.CASE_INSENSITIVE);
  private List<Move[]> perms = new ArrayList<>();

  CodeBelief() {
    permute(new Move[4], new boolean[4], 0);
  }

  private void permute(Move[] cur, boolean[] taken, int i) {
    if (i == 4) { perms.add(cur.clone()); return; }
    for (Move m : Move.values()) {
      if (taken[m.ordinal()]) continue;
      taken[m.ordinal()] = true;
      cur[i] = m;
      permute(cur, taken, i + 1);
      taken[m.ordinal()] = false;
    }
  }

  /** Code → move pairs written as {@code 1=down 2=right} anywhere in {@code text}; later pairs win. */
  static Map<Integer, Move> pairs(String text) {
    Map<Integer, Move> out = new TreeMap<>();
    if (text == null) return out;
    Matcher m = PAIR.matcher(text);
    while (m.find()) out.put(Integer.parseInt(m.group(1)), Move.parse(m.group(2)).orElseThrow());
    return out;
  }

  /** Keeps the permutations agreeing with {@code known}; ignores knowledge that contradicts everything. */
  void assume(Map<Integer, Move> known) {
    List<Move[]> kept = perms.stream().filter(p -> known.entrySet().stream().allMatch(e -> p[e.getKey() - 1] == e.getValue())).toList();
    if (!kept.isEmpty()) perms = new ArrayList<>(kept);
  }

  /** Keeps the permutations under which {@code code} takes the player from {@code from} to {@code to}. */
  void observe(LakeMap map, int[] from, int code, int[] to) {
    List<Move[]> kept = perms.stream().filter(p -> {
      int[] n = map.step(from[0], from[1], p[code - 1]);
      return n[0] == to[0] && n[1] == to[1];
    }).toList();
    if (!kept.isEmpty()) perms = new ArrayList<>(kept);
  }

  /** The move of {@code code} if every consistent permutation agrees, else null. */
  Move certain(int code) {
    Move first = perms.get(0)[code - 1];
    for (Move[] p : perms) if (p[code - 1] != first) return null;
    return first;
  }

  Set<Move> possible(int code) {
    Set<Move> s = new HashSet<>();
    for (Move[] p : perms) s.add(p[code - 1]);
    return s;
  }

  /** The fraction of consistent permutations under which {@code code} steps on a hole. */
  double risk(LakeMap map, int[] at, int code) {
    int bad = 0;
    for (Move[] p : perms) {
      int[] n = map.step(at[0], at[1], p[code - 1]);
      if (map.at(n[0], n[1]) == 'H') bad++;
    }
    return (double) bad / perms.size();
  }

  /** Known pairs; with three known the fourth follows. */
  static Map<Integer, Move> complete(Map<Integer, Move> known) {
    Map<Integer, Move> out = new TreeMap<>(known);
    if (out.size() == 3) {
      Set<Move> left = new HashSet<>(List.of(Move.values()));
      left.removeAll(out.values());
      for (int c = 1; c <= 4; c++) if (!out.containsKey(c) && left.size() == 1) out.put(c, left.iterator().next());
    }
    return out;
  }

  static String render(Map<Integer, Move> known) {
    StringBuilder b = new StringBuilder();
    known.forEach((c, m) -> b.append(b.length() == 0 ? "" : " ").append(c).append('=').append(m.word()));
    return b.toString();
  }
}
