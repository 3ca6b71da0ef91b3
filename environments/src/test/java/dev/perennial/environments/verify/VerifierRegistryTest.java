package dev.perennial.environments.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.testing.PythonSubprocessRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VerifierRegistryTest {
  final VerifierRegistry registry = VerifierRegistry.standard(new PythonSubprocessRunner(), VerifierSettings.defaults());

  @ParameterizedTest
  @CsvSource({
      "math__deepscaler_preview, math, MathVerifier",
      "codegen__leetcode2k, code, CodeVerifier",
      "stem_web, science, ScienceVerifier",
      "stem__gpqa_diamond, science, ScienceVerifier",
      "logic__zebra_puzzle_dataset, logic, ZebraVerifier",
      "logic__ordering_puzzle_dataset, logic, OrderingVerifier",
      "logic__graph_logical_dataset, logic, GraphPathVerifier",
      "simulation__arcagi1, logic, ArcGridVerifier",
      "simulation__codeio, simulation, CodeIoVerifier",
      "simulation__cruxeval-o, simulation, CruxEvalVerifier",
      "table__hitab, tabular, TabularVerifier",
      "table__multihier, tabular, TabularVerifier",
  })
  void routesByLongestPrefix(String source, String domain, String type) {
    Verifier v = registry.forDataSource(source);
    assertEquals(domain, v.domain());
    assertEquals(type, v.getClass().getSimpleName());
  }

  @Test
  void unknownSourceIsAClearError() {
    var e = assertThrows(UnknownDataSourceException.class, () -> registry.forDataSource("poetry__sonnets"));
    assertTrue(e.getMessage().contains("poetry__sonnets") && e.getMessage().contains("math"), e.getMessage());
    assertTrue(registry.find(null).isEmpty());
  }
}
