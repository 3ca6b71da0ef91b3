package dev.perennial.environments;

import dev.perennial.environments.alchemy.AlchemyEnvironment;
import dev.perennial.environments.frozenlake.FrozenLakeEnvironment;
import dev.perennial.environments.guru.GuruEnvironments;
import dev.perennial.environments.hiddenop.HiddenOperatorEnvironment;
import dev.perennial.environments.terminal.TerminalEnvironment;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Environments by name: the built-in ones (hidden-operator, frozen-lake-obscure, alchemy, terminal,
 * guru-math … guru-tabular) and any added later (datasets). Immutable; {@link #with} returns a copy.
 * An unknown name is a clear error listing the known ones.
 */
public final class EnvironmentRegistry {
  private final Map<String, Environment> byName;

  private EnvironmentRegistry(Map<String, Environment> byName) {
    this.byName = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** Every built-in environment; the Guru generators score through {@code verifiers}. */
  public static EnvironmentRegistry builtIn(VerifierRegistry verifiers) {
    List<Environment> all = new ArrayList<>(List.of(new HiddenOperatorEnvironment(), new FrozenLakeEnvironment(), new AlchemyEnvironment(), new TerminalEnvironment()));
    all.addAll(GuruEnvironments.all(verifiers));
    Map<String, Environment> m = new LinkedHashMap<>();
    for (Environment e : all) m.put(e.name(), e);
    return new EnvironmentRegistry(m);
  }

  public EnvironmentRegistry with(Environment env) {
    Map<String, Environment> m = new LinkedHashMap<>(byName);
    if (m.containsKey(env.name())) throw new IllegalArgumentException("environment '" + env.name() + "' is already registered");
    m.put(env.name(), env);
    return new EnvironmentRegistry(m);
  }

  public Optional<Environment> find(String name) { return Optional.ofNullable(byName.get(name)); }

  public Environment get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown environment '" + name + "' (known: " + String.join(", ", names()) + ")"));
  }

  /** The environment that made {@code task}, to open a session on it. */
  public Environment forTask(Task task) { return get(task.environment()); }

  public Set<String> names() { return byName.keySet(); }
}
