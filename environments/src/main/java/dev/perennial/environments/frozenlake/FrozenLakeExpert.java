package dev.perennial.environments.frozenlake;

import dev.perennial.environments.Task;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ideal frozen-lake agent. It keeps the code → move permutations consistent with its hints
 * and with the grids it has seen this attempt. When the codes it is sure of give a hole-free path
 * to G within the moves left, it follows it (BFS). Otherwise it probes: a code whose outcome is
 * still uncertain but cannot land on a hole under any consistent permutation, preferring outcomes
 * near the goal; failing that it walks with known codes to a cell where such a probe exists, and
 * only then takes the least risky probe. The update writes every code → move pair learned from
 * the feedback (which names the move of each code used) as {@code 1=down 2=right 3=up 4=left}.
 */
public final class FrozenLakeExpert implements Expert {
  private static final Pattern MAX = Pattern.compile("at most (\\d+) moves");

  @Override
  public SolveStep next(SolveView view) {
    Optional<LakeMap> parsed = LakeMap.parse(view.prompt());
    if (parsed.isEmpty()) return new SolveStep.Answer("I cannot read the map.", "");
    LakeMap map = parsed.get();
    Matcher mm = MAX.matcher(view.prompt());
    int maxSteps = mm.find() ? Integer.parseInt(mm.group(1)) : 6;
    CodeBelief belief = new CodeBelief();
    belief.assume(CodeBelief.pairs(view.hints()));
    int[] pos = {map.startRow(), map.startCol()};
    int steps = 0;
    for (SolveView.ToolExchange x : view.exchanges()) {
      Matcher code = Pattern.compile("([1-4])").matcher(x.input());
      Optional<LakeMap> after = LakeMap.parse(x.output());
      if (x.output().contains("over") || x.output().contains("fell") || x.output().contains("reached") || x.output().contains("Out of")) {
        return new SolveStep.Answer(ending(x.output()), "");
      }
      if (!code.find() || after.isEmpty()) continue;
      int[] to = {after.get().startRow(), after.get().startCol()};
      belief.observe(map, pos, Integer.parseInt(code.group(1)), to);
      pos = to;
      steps++;
    }
    int left = maxSteps - steps;
    return choose(map, belief, pos, left);
  }

  private static String ending(String output) {
    if (output.contains("reached")) return "I reached the goal.";
    if (output.contains("fell")) return "I fell into a hole.";
    return "The episode ended.";
  }

  private SolveStep choose(LakeMap map, CodeBelief belief, int[] pos, int left) {
    Map<Move, Integer> sure = sureCodes(belief);
    Optional<List<Move>> path = map.shortestPath(pos[0], pos[1], new ArrayList<>(sure.keySet()));
    if (path.isPresent() && !path.get().isEmpty() && path.get().size() <= left) {
      Optional<Integer> spare = affordableProbe(map, belief, sure, pos, left);
      if (spare.isPresent()) return act("There are moves to spare; first test code " + spare.get() + " safely.", spare.get());
      return act("Known codes reach G in " + path.get().size() + " moves; go " + path.get().get(0).word() + ".", sure.get(path.get().get(0)));
    }
    Optional<Integer> probe = safeProbe(map, belief, pos);
    if (probe.isPresent()) return act("Code " + probe.get() + " is untested and safe here; try it.", probe.get());
    Optional<Move> toward = towardSafeProbe(map, belief, sure, pos, left - 1);
    if (toward.isPresent()) return act("Walk " + toward.get().word() + " to a safe place to test a code.", sure.get(toward.get()));
    int best = 1;
    double bestRisk = 2;
    for (int c = 1; c <= 4; c++) {
      double r = belief.certain(c) == null ? belief.risk(map, pos, c) : (isHole(map, pos, belief.certain(c)) ? 1 : 0.5);
      if (r < bestRisk) { bestRisk = r; best = c; }
    }
    return act("No safe option; code " + best + " is the least risky.", best);
  }

  private static SolveStep act(String plan, int code) {
    return new SolveStep.UseTool(plan, "env", "Direction " + code);
  }

  private static Map<Move, Integer> sureCodes(CodeBelief belief) {
    Map<Move, Integer> sure = new java.util.EnumMap<>(Move.class);
    for (int c = 1; c <= 4; c++) if (belief.certain(c) != null) sure.put(belief.certain(c), c);
    return sure;
  }

  private static Optional<Integer> safeProbe(LakeMap map, CodeBelief belief, int[] pos) {
    Integer best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (int c = 1; c <= 4; c++) {
      if (belief.certain(c) != null || belief.risk(map, pos, c) > 0 || !informative(map, belief, pos, c)) continue;
      int d = Integer.MAX_VALUE;
      for (Move m : belief.possible(c)) {
        int[] n = map.step(pos[0], pos[1], m);
        d = Math.min(d, map.shortestPath(n[0], n[1], List.of(Move.values())).map(List::size).orElse(99));
      }
      if (d < bestDistance) { bestDistance = d; best = c; }
    }
    return Optional.ofNullable(best);
  }

  /** A safe, informative probe after which the goal is still reachable in time whatever the code turns out to be. */
  private static Optional<Integer> affordableProbe(LakeMap map, CodeBelief belief, Map<Move, Integer> sure, int[] pos, int left) {
    for (int c = 1; c <= 4; c++) {
      if (belief.certain(c) != null || belief.risk(map, pos, c) > 0 || !informative(map, belief, pos, c)) continue;
      boolean stillInTime = true;
      for (Move m : belief.possible(c)) {
        int[] n = map.step(pos[0], pos[1], m);
        List<Move> moves = new ArrayList<>(sure.keySet());
        moves.add(m);
        stillInTime &= map.shortestPath(n[0], n[1], moves).map(p -> p.size() <= left - 1).orElse(false);
      }
      if (stillInTime) return Optional.of(c);
    }
    return Optional.empty();
  }

  private static boolean informative(LakeMap map, CodeBelief belief, int[] pos, int code) {
    Set<Integer> cells = new HashSet<>();
    for (Move m : belief.possible(code)) {
      int[] n = map.step(pos[0], pos[1], m);
      cells.add(n[0] * 100 + n[1]);
    }
    return cells.size() > 1;
  }

  /** First known move of a shortest hole-free walk to a cell where a safe probe exists, within {@code budget}. */
  private static Optional<Move> towardSafeProbe(LakeMap map, CodeBelief belief, Map<Move, Integer> sure, int[] pos, int budget) {
    if (sure.isEmpty() || budget <= 0) return Optional.empty();
    ArrayDeque<Object[]> queue = new ArrayDeque<>();
    Set<Integer> seen = new HashSet<>();
    seen.add(pos[0] * 100 + pos[1]);
    queue.add(new Object[] {pos, null, 0});
    while (!queue.isEmpty()) {
      Object[] cur = queue.poll();
      int[] at = (int[]) cur[0];
      int depth = (int) cur[2];
      if (cur[1] != null && safeProbe(map, belief, at).isPresent()) return Optional.of((Move) cur[1]);
      if (depth == budget) continue;
      for (Move m : sure.keySet()) {
        int[] n = map.step(at[0], at[1], m);
        if (map.at(n[0], n[1]) == 'H' || !seen.add(n[0] * 100 + n[1])) continue;
        queue.add(new Object[] {n, cur[1] == null ? m : cur[1], depth + 1});
      }
    }
    return Optional.empty();
  }

  private static boolean isHole(LakeMap map, int[] pos, Move m) {
    int[] n = map.step(pos[0], pos[1], m);
    return map.at(n[0], n[1]) == 'H';
  }

  @Override
  public String hints(Task task, String previousHints, String lastAttemptSummary, String feedback) {
    Map<Integer, Move> known = CodeBelief.pairs(previousHints);
    known.putAll(CodeBelief.pairs(feedback));
    return CodeBelief.render(CodeBelief.complete(known));
  }
}
