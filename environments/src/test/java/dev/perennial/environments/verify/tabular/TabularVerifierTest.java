package dev.perennial.environments.verify.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perennial.environments.verify.VerifierSettings;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TabularVerifierTest {
  final TabularVerifier tab = new TabularVerifier(VerifierSettings.defaults());

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "\\boxed{1,234}              ; 1234            ; true",
      "\\boxed{\\$1,234.50}         ; 1234.5          ; true",
      "\\boxed{45\\%}               ; 45              ; true",
      "\\boxed{12.3456}            ; 12.345          ; true",
      "\\boxed{12.36}              ; 12.345          ; false",
      "\\boxed{2015}               ; 2014            ; false",
      "\\boxed{123456788}          ; 123456789       ; false",
      "\\boxed{Spain | France}     ; france|spain    ; true",
      "\\boxed{Spain | Spain}      ; france|spain    ; false",
      "\\boxed{Spain}              ; france|spain    ; false",
      "Answer: 7                   ; 7               ; true",
      "\\boxed{__import__('os')}   ; 7               ; false",
      "\\boxed{3+4}                ; 7               ; false",
  })
  void multisetOfNormalisedItems(String response, String truth, boolean expected) {
    var s = tab.verify(response, truth, Map.of());
    assertEquals(expected, s.success(), s.reason());
  }
}
