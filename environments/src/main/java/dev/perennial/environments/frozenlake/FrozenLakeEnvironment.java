package dev.perennial.environments.frozenlake;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.pack.GeneratedEnvironment;
import dev.perennial.environments.pack.PackDraft;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * frozen-lake-obscure (RL-SPEC §1): a non-slippery text grid where the action codes
 * {@code Direction 1..4} move the player by a permutation of {down, right, up, left} hidden per
 * pack; each task is a new map. Multi-step: the agent acts through the "env" tool and the
 * observation is the grid. Difficulty 0 (training): maps 4–5 wide, frozen-tile probability
 * 0.6–0.7, 6 moves; difficulty 1 and up (harder eval): maps 6–7 wide, 10 moves. The goal is always
 * reachable within the move limit. Feedback names what happened and which move each code made.
 */
public final class FrozenLakeEnvironment extends GeneratedEnvironment {
  public static final String NAME = "frozen-lake-obscure";

  @Override
  public String name() { return NAME; }

  @Override
  public String instructions() {
    return "Move P to G without stepping on H. Act with the env tool: Direction 1, 2, 3 or 4. "
        + "Which code moves which way is hidden and the same in every task.";
  }

  @Override
  protected PackDraft draft(PackSpec spec, int count, SplittableRandom rng) {
    List<Move> perm = new ArrayList<>(List.of(Move.values()));
    for (int i = perm.size() - 1; i > 0; i--) java.util.Collections.swap(perm, i, rng.nextInt(i + 1));
    String codes = perm.stream().map(Move::word).collect(Collectors.joining(","));
    boolean hard = spec.difficulty() > 0;
    int maxSteps = hard ? 10 : 6;
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int size = hard ? 6 + rng.nextInt(2) : 4 + rng.nextInt(2);
      double frozen = 0.6 + 0.1 * rng.nextDouble();
      LakeMap map = LakeMap.random(rng, size, frozen, maxSteps);
      String prompt = "Reach G in at most " + maxSteps + " moves.\n" + map.render(map.startRow(), map.startCol());
      Map<String, String> info = Map.of("map", String.join("/", map.rows()), "start", map.startRow() + "," + map.startCol(),
          "codes", codes, "max_steps", Integer.toString(maxSteps));
      tasks.add(new Task("", NAME, NAME, prompt, "goal", info, List.of("env")));
    }
    StringBuilder rule = new StringBuilder("codes:");
    for (int c = 0; c < 4; c++) rule.append(' ').append(c + 1).append('=').append(perm.get(c).word());
    return new PackDraft(rule.toString(), tasks);
  }

  @Override
  public TaskSession open(Task task) {
    Map<String, String> x = task.extraInfo();
    List<String> rows = List.of(x.get("map").split("/"));
    String[] start = x.get("start").split(",");
    LakeMap map = new LakeMap(rows, Integer.parseInt(start[0]), Integer.parseInt(start[1]));
    Move[] codes = new Move[4];
    String[] words = x.get("codes").split(",");
    for (int i = 0; i < 4; i++) codes[i] = Move.parse(words[i]).orElseThrow();
    return new FrozenLakeSession(map, codes, Integer.parseInt(x.get("max_steps")));
  }

  @Override
  public Optional<Expert> expert() { return Optional.of(new FrozenLakeExpert()); }
}
