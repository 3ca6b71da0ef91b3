package dev.perennial.agents.deploy;

import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a verifier by the name an outside task gives ("exact", "math", "logic__zebra", …). The
 * environments' {@link VerifierRegistry} is one ({@link #of(VerifierRegistry)}: routed by data-source prefix);
 * {@link #builtIn()} has the exact-match verifier every node offers.
 */
public interface VerifierLookup {
  Optional<Verifier> find(String name);

  /** Names to list in an "unknown verifier" error. */
  List<String> names();

  VerifierLookup NONE = of(Map.of());

  static VerifierLookup of(Map<String, Verifier> byName) {
    Map<String, Verifier> copy = new LinkedHashMap<>(byName);
    return new VerifierLookup() {
      @Override
      public Optional<Verifier> find(String name) { return Optional.ofNullable(copy.get(name)); }

      @Override
      public List<String> names() { return List.copyOf(copy.keySet()); }
    };
  }

  /** The environments' registry: a name routes like a row's data source (longest registered prefix). */
  static VerifierLookup of(VerifierRegistry registry) {
    return new VerifierLookup() {
      @Override
      public Optional<Verifier> find(String name) { return registry.find(name); }

      @Override
      public List<String> names() { return registry.prefixes(); }
    };
  }

  /** "exact": the answer equals the ground truth after trimming and collapsing whitespace. */
  static VerifierLookup builtIn() { return of(Map.of(ExactMatchVerifier.NAME, new ExactMatchVerifier())); }

  /** This lookup first, then {@code other} (e.g. the built-in verifiers, then a registry). */
  default VerifierLookup orElse(VerifierLookup other) {
    VerifierLookup first = this;
    return new VerifierLookup() {
      @Override
      public Optional<Verifier> find(String name) { return first.find(name).or(() -> other.find(name)); }

      @Override
      public List<String> names() {
        List<String> all = new ArrayList<>(first.names());
        other.names().stream().filter(n -> !all.contains(n)).forEach(all::add);
        return all;
      }
    };
  }
}
