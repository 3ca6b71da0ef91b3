package dev.perennial.environments.alchemy;

import dev.perennial.environments.Task;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ideal alchemy agent. It knows the recipes in its hints and those it discovers this attempt.
 * When the known recipes lead from its inventory to the target it crafts the next missing
 * ingredient (depth-first); otherwise it explores untried pairs, newest elements first (higher
 * tiers need them). The update keeps every recipe learned — from the feedback, which reveals the
 * target's recipe tree, and from the attempt's own discoveries — as {@code C = A + B; …}.
 */
public final class AlchemyExpert implements Expert {
  private static final Pattern PROMPT = Pattern.compile("Make (\\w+) in (\\d+) rounds\\. You have: ([\\w, ]+)\\.");
  private static final Pattern RECIPE = Pattern.compile("(\\w+) = (\\w+) \\+ (\\w+)");
  private static final Pattern RESULT = Pattern.compile("(\\w+) \\+ (\\w+) = (\\w+)\\.");

  @Override
  public SolveStep next(SolveView view) {
    Matcher p = PROMPT.matcher(view.prompt());
    if (!p.find()) return new SolveStep.Answer("I cannot read the task.", "");
    String target = p.group(1);
    List<String> inventory = new ArrayList<>(List.of(p.group(3).split(",\\s*")));
    Map<String, String[]> recipes = recipes(view.hints());
    Set<String> tried = new HashSet<>();
    for (SolveView.ToolExchange x : view.exchanges()) {
      if (x.output().contains("You made") || x.output().contains("Out of rounds") || x.output().contains("over")) {
        return new SolveStep.Answer(x.output().contains("You made") ? "I made " + target + "." : "I ran out of rounds.", "");
      }
      String[] ab = x.input().split("\\s*\\+\\s*");
      if (ab.length == 2) tried.add(CraftingGraph.key(ab[0].strip(), ab[1].strip()));
      Matcher r = RESULT.matcher(x.output());
      if (r.find()) {
        recipes.put(r.group(3), new String[] {r.group(1), r.group(2)});
        if (!inventory.contains(r.group(3))) inventory.add(r.group(3));
      }
    }
    Optional<String[]> step = nextCraft(target, recipes, inventory, new HashSet<>());
    if (step.isPresent()) {
      return new SolveStep.UseTool("I know how to make " + target + "; next " + step.get()[0] + " + " + step.get()[1] + ".", "env",
          step.get()[0] + " + " + step.get()[1]);
    }
    Set<String> knownKeys = new HashSet<>();
    recipes.values().forEach(ab -> knownKeys.add(CraftingGraph.key(ab[0], ab[1])));
    for (int i = inventory.size() - 1; i >= 0; i--) {
      for (int j = i; j >= 0; j--) {
        String k = CraftingGraph.key(inventory.get(i), inventory.get(j));
        if (tried.contains(k) || knownKeys.contains(k)) continue;
        return new SolveStep.UseTool("The recipe is unknown; try a new pair.", "env", inventory.get(i) + " + " + inventory.get(j));
      }
    }
    return new SolveStep.Answer("Every pair is tried.", "");
  }

  /** The first craft on the way to {@code element}, ingredients before results; empty when a recipe is missing. */
  private static Optional<String[]> nextCraft(String element, Map<String, String[]> recipes, List<String> inventory, Set<String> visiting) {
    if (inventory.contains(element) || !visiting.add(element)) return Optional.empty();
    String[] ab = recipes.get(element);
    if (ab == null) return Optional.empty();
    for (String ingredient : ab) {
      if (inventory.contains(ingredient)) continue;
      Optional<String[]> sub = nextCraft(ingredient, recipes, inventory, visiting);
      if (sub.isEmpty()) return Optional.empty();
      return sub;
    }
    return Optional.of(ab);
  }

  private static Map<String, String[]> recipes(String text) {
    Map<String, String[]> out = new LinkedHashMap<>();
    if (text == null) return out;
    Matcher m = RECIPE.matcher(text);
    while (m.find()) out.put(m.group(1), new String[] {m.group(2), m.group(3)});
    return out;
  }

  @Override
  public String hints(Task task, String previousHints, String lastAttemptSummary, String feedback) {
    Map<String, String[]> known = recipes(previousHints);
    Matcher r = RESULT.matcher(lastAttemptSummary == null ? "" : lastAttemptSummary);
    while (r.find()) known.put(r.group(3), new String[] {r.group(1), r.group(2)});
    known.putAll(recipes(feedback));
    Set<String> lines = new LinkedHashSet<>();
    known.forEach((c, ab) -> lines.add(c + " = " + ab[0] + " + " + ab[1]));
    return String.join("; ", lines);
  }
}
