package dev.perennial.environments.guru;

import java.util.Map;

/** A generated Guru-style task: routed to the standard verifiers by its {@code dataSource}. */
public record GeneratedTask(String dataSource, String prompt, String groundTruth, Map<String, String> extraInfo) {
  public GeneratedTask {
    extraInfo = Map.copyOf(extraInfo);
  }

  public GeneratedTask(String dataSource, String prompt, String groundTruth) {
    this(dataSource, prompt, groundTruth, Map.of());
  }
}
