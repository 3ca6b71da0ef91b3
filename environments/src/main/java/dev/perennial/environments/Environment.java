package dev.perennial.environments;

/**
 * A source of packs: n tasks that share a hidden rule, each verifiable. Implementations are plain,
 * deterministic Java (seeded generators), safe to call from any thread.
 */
public interface Environment {
  /** Registry name, e.g. "hidden-operator", "frozen-lake-obscure". */
  String name();

  /** Generates a pack; the same spec always gives the same pack, train and eval specs never the same one. */
  Pack pack(PackSpec spec);

  /** Opens a fresh attempt at a task of a pack this environment made. */
  TaskSession open(Task task);

  /** Instructions for the agent's system prompt: what the task is and which tools/actions exist. */
  String instructions();

  /** The scripted ideal agent of this environment, for cold-start SFT traces (none by default). */
  default java.util.Optional<dev.perennial.environments.expert.Expert> expert() {
    return java.util.Optional.empty();
  }
}
