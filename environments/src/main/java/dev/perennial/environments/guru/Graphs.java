package dev.perennial.environments.guru;

import java.util.Arrays;

/** Dijkstra on a small dense graph, reporting the path only when it is the unique shortest one. */
final class Graphs {
  private Graphs() {}

  /** "A->C->D", or null when there is no path or more than one shortest path. */
  static String uniqueShortestPath(int[][] w, int from, int to) {
    int n = w.length;
    long[] dist = new long[n];
    long[] ways = new long[n];
    int[] prev = new int[n];
    boolean[] done = new boolean[n];
    Arrays.fill(dist, Long.MAX_VALUE);
    dist[from] = 0;
    ways[from] = 1;
    for (int round = 0; round < n; round++) {
      int u = -1;
      for (int i = 0; i < n; i++) if (!done[i] && dist[i] != Long.MAX_VALUE && (u < 0 || dist[i] < dist[u])) u = i;
      if (u < 0) break;
      done[u] = true;
      for (int v = 0; v < n; v++) {
        if (w[u][v] == 0 || done[v]) continue;
        long nd = dist[u] + w[u][v];
        if (nd < dist[v]) { dist[v] = nd; ways[v] = ways[u]; prev[v] = u; }
        else if (nd == dist[v]) ways[v] += ways[u];
      }
    }
    if (dist[to] == Long.MAX_VALUE || ways[to] != 1) return null;
    StringBuilder p = new StringBuilder().append((char) ('A' + to));
    for (int x = to; x != from; x = prev[x]) p.insert(0, (char) ('A' + prev[x]) + "->");
    return p.toString();
  }
}
