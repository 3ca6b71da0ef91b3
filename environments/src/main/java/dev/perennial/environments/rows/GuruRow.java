package dev.perennial.environments.rows;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One validated Guru/verl data row. {@code groundTruth} is the string form of
 * {@code reward_model.ground_truth} (JSON text when it is an object or list); {@code extraInfo}
 * values likewise (JSON text for non-strings). {@code response} is present in rows to be scored.
 *
 * @param rowNumber 1-based line (JSONL) or row (Parquet) number, for reports
 */
public record GuruRow(
    long rowNumber,
    String dataSource,
    List<Message> prompt,
    String ability,
    String groundTruth,
    Map<String, String> extraInfo,
    Optional<String> response) {

  public record Message(String role, String content) {}

  public GuruRow {
    prompt = List.copyOf(prompt);
    extraInfo = Map.copyOf(extraInfo);
  }

  /** The content of the last user message (the question), or empty. */
  public String question() {
    for (int i = prompt.size() - 1; i >= 0; i--) if (prompt.get(i).role().equals("user")) return prompt.get(i).content();
    return prompt.isEmpty() ? "" : prompt.get(prompt.size() - 1).content();
  }
}
