package dev.perennial.environments.alchemy;

import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at crafting a target: each {@code A + B} action costs a round and adds the result to
 * the inventory when the pair is a recipe. The attempt ends when the target is made or the rounds
 * run out. Reward on success: max(0, 1 − 0.1·rounds/maxRounds). Feedback reveals the target's
 * recipe tree, which is what a learner needs for the next target of the same graph.
 */
final class AlchemySession implements TaskSession {
  private static final Pattern ACTION = Pattern.compile("^\\s*([A-Za-z]+)\\s*\\+\\s*([A-Za-z]+)\\s*$");
  private final CraftingGraph graph;
  private final String target;
  private final int maxRounds;
  private final Set<String> inventory;
  private int rounds;
  private boolean made;

  AlchemySession(CraftingGraph graph, String target, int maxRounds) {
    this.graph = graph;
    this.target = target;
    this.maxRounds = maxRounds;
    this.inventory = new LinkedHashSet<>(graph.base());
  }

  @Override
  public StepResult act(String action) {
    if (finished()) return new StepResult("The episode is over.", true, rounds);
    rounds++;
    Matcher m = ACTION.matcher(action == null ? "" : action);
    String text;
    if (!m.matches()) {
      text = "Use: A + B";
    } else {
      String a = canonical(m.group(1));
      String b = canonical(m.group(2));
      if (!inventory.contains(a)) text = "You have no " + m.group(1) + ".";
      else if (!inventory.contains(b)) text = "You have no " + m.group(2) + ".";
      else {
        var result = graph.combine(a, b);
        if (result.isEmpty()) text = a + " + " + b + " = nothing.";
        else {
          inventory.add(result.get());
          made |= result.get().equals(target);
          text = a + " + " + b + " = " + result.get() + ".";
        }
      }
    }
    if (made) text += " You made " + target + ".";
    else if (rounds >= maxRounds) text += " Out of rounds.";
    return new StepResult(text, finished(), rounds);
  }

  private String canonical(String name) {
    for (String have : inventory) if (have.equalsIgnoreCase(name)) return have;
    return name;
  }

  @Override
  public boolean finished() { return made || rounds >= maxRounds; }

  @Override
  public Score score(String finalAnswer) {
    if (!made) return Score.fail("", "did not make " + target + " in " + rounds + " rounds");
    return new Score(Math.max(0, 1 - 0.1 * rounds / maxRounds), true, target, "made " + target + " in " + rounds + " of " + maxRounds + " rounds");
  }

  @Override
  public String feedback(Score score) {
    List<String> tree = graph.tree(target);
    String how = "Recipe: " + String.join("; ", tree) + ".";
    return (made ? "Made " + target + " in " + rounds + " rounds. " : "Did not make " + target + ". ") + how;
  }
}
