package dev.perennial.environments.alchemy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A pack's hidden crafting graph: base elements, and recipes {@code A + B → C} (unordered) built in
 * tiers, each crafted element needing at least one ingredient of the tier just below. Noise
 * elements are craftable but never an ingredient or a target. Element names are made-up
 * syllables, so no world knowledge helps.
 */
public record CraftingGraph(List<String> base, Map<String, String> recipes, Map<String, Integer> tier, Set<String> noise) {
  private static final String[] ONSET = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"};
  private static final String[] VOWEL = {"a", "e", "i", "o", "u"};
  private static final String[] CODA = {"x", "n", "r", "l", "m", "k", "s"};

  public CraftingGraph {
    base = List.copyOf(base);
    recipes = Map.copyOf(recipes);
    tier = Map.copyOf(tier);
    noise = Set.copyOf(noise);
  }

  /** The unordered key of a pair. */
  public static String key(String a, String b) {
    return a.compareTo(b) <= 0 ? a + "+" + b : b + "+" + a;
  }

  public Optional<String> combine(String a, String b) { return Optional.ofNullable(recipes.get(key(a, b))); }

  /** The recipe ({@code "A+B"}) that makes {@code element}, if it is crafted. */
  public Optional<String> recipeOf(String element) {
    return recipes.entrySet().stream().filter(e -> e.getValue().equals(element)).map(Map.Entry::getKey).findFirst();
  }

  /** The recipes needed to make {@code element} from base elements, ingredients first, as {@code "C = A + B"}. */
  public List<String> tree(String element) {
    List<String> out = new ArrayList<>();
    addTree(element, out, new LinkedHashSet<>());
    return out;
  }

  private void addTree(String element, List<String> out, Set<String> seen) {
    Optional<String> r = recipeOf(element);
    if (r.isEmpty() || !seen.add(element)) return;
    String[] ab = r.get().split("\\+");
    addTree(ab[0], out, seen);
    addTree(ab[1], out, seen);
    out.add(element + " = " + ab[0] + " + " + ab[1]);
  }

  /** A random graph: {@code baseCount} bases, {@code tiers} tiers of {@code perTier} elements, and {@code noiseCount} noise elements. */
  static CraftingGraph random(SplittableRandom rng, int baseCount, int tiers, int perTier, int noiseCount) {
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < baseCount + tiers * perTier + noiseCount) names.add(name(rng));
    List<String> pool = new ArrayList<>(names);
    List<String> base = new ArrayList<>(pool.subList(0, baseCount));
    Map<String, String> recipes = new LinkedHashMap<>();
    Map<String, Integer> tier = new LinkedHashMap<>();
    base.forEach(b -> tier.put(b, 0));
    List<String> below = new ArrayList<>(base);
    List<String> all = new ArrayList<>(base);
    int next = baseCount;
    for (int t = 1; t <= tiers; t++) {
      List<String> made = new ArrayList<>();
      for (int i = 0; i < perTier; i++) {
        String result = pool.get(next++);
        if (!addRecipe(rng, recipes, below, all, result)) continue;
        tier.put(result, t);
        made.add(result);
      }
      all.addAll(made);
      below = made.isEmpty() ? below : made;
    }
    Set<String> noise = new LinkedHashSet<>();
    for (int i = 0; i < noiseCount; i++) {
      String result = pool.get(next++);
      if (addRecipe(rng, recipes, all, all, result)) {
        noise.add(result);
        tier.put(result, -1);
      }
    }
    return new CraftingGraph(base, recipes, tier, noise);
  }

  private static boolean addRecipe(SplittableRandom rng, Map<String, String> recipes, List<String> first, List<String> second, String result) {
    for (int attempt = 0; attempt < 50; attempt++) {
      String k = key(first.get(rng.nextInt(first.size())), second.get(rng.nextInt(second.size())));
      if (!recipes.containsKey(k)) {
        recipes.put(k, result);
        return true;
      }
    }
    return false;
  }

  private static String name(SplittableRandom rng) {
    String n = ONSET[rng.nextInt(ONSET.length)] + VOWEL[rng.nextInt(VOWEL.length)] + CODA[rng.nextInt(CODA.length)];
    return Character.toUpperCase(n.charAt(0)) + n.substring(1);
  }

  /** Serialised as {@code A+B=C;…} for the task's hidden extra info. */
  String encodeRecipes() {
    StringBuilder b = new StringBuilder();
    recipes.forEach((k, v) -> b.append(b.length() == 0 ? "" : ";").append(k).append('=').append(v));
    return b.toString();
  }

  static Map<String, String> decodeRecipes(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String r : s.split(";")) {
      int eq = r.indexOf('=');
      if (eq > 0) out.put(r.substring(0, eq), r.substring(eq + 1));
    }
    return out;
  }
}
