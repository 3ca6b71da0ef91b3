package dev.perennial.agents.entity;

import dev.perennial.environments.Environment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds an environment by name (the environment registry, when it exists, is one). Agents look up
 * the environment a pack came from to open task sessions.
 */
@FunctionalInterface
public interface EnvironmentLookup {
  Optional<Environment> find(String name);

  static EnvironmentLookup of(List<Environment> environments) {
    Map<String, Environment> byName = environments.stream().collect(Collectors.toMap(Environment::name, Function.identity()));
    return name -> Optional.ofNullable(byName.get(name));
  }
}
