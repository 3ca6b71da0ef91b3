package dev.perennial.environments.frozenlake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A frozen lake: {@code F} frozen, {@code H} hole, {@code G} goal, the start tile; rendered with
 * {@code P} where the player stands. Moves into the border leave the player in place (as in
 * gym's FrozenLake); stepping on a hole ends the episode.
 */
public record LakeMap(List<String> rows, int startRow, int startCol) {
  public LakeMap {
    rows = List.copyOf(rows);
  }

  public int size() { return rows.size(); }

  public char at(int r, int c) { return rows.get(r).charAt(c); }

  public boolean inside(int r, int c) { return r >= 0 && c >= 0 && r < size() && c < rows.get(0).length(); }

  /** Where {@code move} from (r, c) lands: the same cell when it would leave the map. */
  public int[] step(int r, int c, Move move) {
    int nr = r + move.dr;
    int nc = c + move.dc;
    return inside(nr, nc) ? new int[] {nr, nc} : new int[] {r, c};
  }

  /** The grid as the agent sees it, with {@code P} on the player's cell. */
  public String render(int pr, int pc) {
    StringBuilder b = new StringBuilder();
    for (int r = 0; r < size(); r++) {
      if (r > 0) b.append('\n');
      for (int c = 0; c < rows.get(r).length(); c++) {
        if (c > 0) b.append(' ');
        b.append(r == pr && c == pc ? 'P' : at(r, c));
      }
    }
    return b.toString();
  }

  /** Shortest list of moves from (r, c) to the goal over non-hole cells using only {@code allowed}, or empty. */
  public Optional<List<Move>> shortestPath(int r, int c, List<Move> allowed) {
    int n = size();
    int w = rows.get(0).length();
    int[] prev = new int[n * w];
    Move[] via = new Move[n * w];
    Arrays.fill(prev, -2);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    prev[r * w + c] = -1;
    queue.add(r * w + c);
    while (!queue.isEmpty()) {
      int cur = queue.poll();
      int cr = cur / w;
      int cc = cur % w;
      if (at(cr, cc) == 'G') {
        List<Move> path = new ArrayList<>();
        for (int x = cur; prev[x] >= 0; x = prev[x]) path.add(0, via[x]);
        return Optional.of(path);
      }
      for (Move m : allowed) {
        int[] nx = step(cr, cc, m);
        int id = nx[0] * w + nx[1];
        if (prev[id] != -2 || at(nx[0], nx[1]) == 'H') continue;
        prev[id] = cur;
        via[id] = m;
        queue.add(id);
      }
    }
    return Optional.empty();
  }

  /**
   * A random map whose goal is reachable from the start within {@code maxSteps} moves. The start's
   * neighbours are never holes, so a first test of an unknown code is safe.
   */
  static LakeMap random(SplittableRandom rng, int size, double frozen, int maxSteps) {
    while (true) {
      char[][] g = new char[size][size];
      for (char[] row : g) for (int c = 0; c < size; c++) row[c] = rng.nextDouble() < frozen ? 'F' : 'H';
      int sr = rng.nextInt(size);
      int sc = rng.nextInt(size);
      int gr = rng.nextInt(size);
      int gc = rng.nextInt(size);
      if (Math.abs(sr - gr) + Math.abs(sc - gc) < 2) continue;
      g[sr][sc] = 'S';
      for (Move m : Move.values()) {
        int nr = sr + m.dr;
        int nc = sc + m.dc;
        if (nr >= 0 && nc >= 0 && nr < size && nc < size) g[nr][nc] = 'F';
      }
      g[gr][gc] = 'G';
      List<String> rows = new ArrayList<>();
      for (char[] row : g) rows.add(new String(row));
      LakeMap map = new LakeMap(rows, sr, sc);
      Optional<List<Move>> path = map.shortestPath(sr, sc, List.of(Move.values()));
      if (path.isPresent() && path.get().size() <= maxSteps) return map;
    }
  }

  /** Reads a grid rendered by {@link #render} (the player's cell becomes the start). */
  static Optional<LakeMap> parse(String text) {
    List<String> rows = new ArrayList<>();
    int pr = -1;
    int pc = -1;
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (!t.matches("[SFHGP]( [SFHGP])+")) {
        if (!rows.isEmpty()) break;
        continue;
      }
      String row = t.replace(" ", "");
      int p = row.indexOf('P');
      if (p >= 0) {
        pr = rows.size();
        pc = p;
        row = row.replace('P', 'F');
      }
      rows.add(row);
    }
    if (rows.isEmpty() || pr < 0) return Optional.empty();
    return Optional.of(new LakeMap(rows, pr, pc));
  }
}
