package dev.perennial.environments.alchemy;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.pack.GeneratedEnvironment;
import dev.perennial.environments.pack.PackDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * alchemy (RL-SPEC §1): a crafting graph hidden and shared by the pack, a different target per
 * task, actions {@code A + B} through the env tool. Difficulty 0 (training): 3–4 base elements,
 * 3–4 tiers, 8 rounds, no noise. Difficulty 1 and up (hard eval): 4–6 base elements, 4–5 tiers,
 * 15 rounds, up to 30% noise elements that lead nowhere.
 */
public final class AlchemyEnvironment extends GeneratedEnvironment {
  public static final String NAME = "alchemy";

  @Override
  public String name() { return NAME; }

  @Override
  public String instructions() {
    return "Make the target element. Combine two elements you have with the env tool: A + B. "
        + "The recipes are hidden and the same in every task.";
  }

  @Override
  protected PackDraft draft(PackSpec spec, int count, SplittableRandom rng) {
    boolean hard = spec.difficulty() > 0;
    int bases = hard ? 4 + rng.nextInt(3) : 3 + rng.nextInt(2);
    int tiers = hard ? 4 + rng.nextInt(2) : 3 + rng.nextInt(2);
    int perTier = 2;
    int noise = hard ? rng.nextInt(1 + (int) (0.3 * tiers * perTier)) : 0;
    int rounds = hard ? 15 : 8;
    CraftingGraph g = CraftingGraph.random(rng, bases, tiers, perTier, noise);
    List<String> targets = new ArrayList<>();
    g.tier().forEach((e, t) -> { if (t >= 1 && g.tree(e).size() <= rounds) targets.add(e); });
    List<Task> tasks = new ArrayList<>();
    for (int i : distinct(rng, targets.size(), count)) {
      String target = targets.get(i);
      String prompt = "Make " + target + " in " + rounds + " rounds. You have: " + String.join(", ", g.base()) + ".";
      Map<String, String> info = new LinkedHashMap<>();
      info.put("base", String.join(",", g.base()));
      info.put("recipes", g.encodeRecipes());
      info.put("target", target);
      info.put("max_rounds", Integer.toString(rounds));
      tasks.add(new Task("", NAME, NAME, prompt, target, info, List.of("env")));
    }
    return new PackDraft("recipes: " + g.encodeRecipes(), tasks);
  }

  @Override
  public TaskSession open(Task task) {
    Map<String, String> x = task.extraInfo();
    Map<String, String> recipes = CraftingGraph.decodeRecipes(x.get("recipes"));
    CraftingGraph g = new CraftingGraph(List.of(x.get("base").split(",")), recipes, Map.of(), new LinkedHashSet<>());
    return new AlchemySession(g, x.get("target"), Integer.parseInt(x.get("max_rounds")));
  }

  @Override
  public Optional<Expert> expert() { return Optional.of(new AlchemyExpert()); }
}
