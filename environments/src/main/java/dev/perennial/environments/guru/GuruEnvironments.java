package dev.perennial.environments.guru;

import dev.perennial.environments.Environment;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.List;

/** The six generated Guru domains as environments: guru-math, guru-code, guru-science, guru-logic, guru-simulation, guru-tabular. */
public final class GuruEnvironments {
  private GuruEnvironments() {}

  public static List<Environment> all(VerifierRegistry verifiers) {
    return List.of(
        new GuruEnvironment("math", MathTopics.all(), verifiers),
        new GuruEnvironment("code", CodeTopics.all(), verifiers),
        new GuruEnvironment("science", ScienceTopics.all(), verifiers),
        new GuruEnvironment("logic", LogicTopics.all(), verifiers),
        new GuruEnvironment("simulation", SimulationTopics.all(), verifiers),
        new GuruEnvironment("tabular", TabularTopics.all(), verifiers));
  }
}
