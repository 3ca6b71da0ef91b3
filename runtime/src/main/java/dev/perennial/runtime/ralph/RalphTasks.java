package dev.perennial.runtime.ralph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.environments.Environment;
import dev.perennial.environments.EnvironmentRegistry;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.dataset.DatasetEnvironment;
import dev.perennial.environments.rows.RowParser;
import dev.perennial.environments.verify.VerifierRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where Ralph tasks come from: one built-in environment and seed ({@code --env NAME --seed S}), or
 * a task file ({@code --tasks file.jsonl}), one JSON object per line, either an environment task
 * {@code {"id": "op-1", "environment": "hidden-operator", "seed": 1, "difficulty": 0}} or a
 * Guru/verl data row ({@code data_source}, {@code prompt}, {@code reward_model}, optional
 * {@code id}). Every broken line is reported (line number and reason) before anything runs.
 */
public final class RalphTasks {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The tasks and the environments their agents need (the built-ins plus one per data row). */
  public record Loaded(List<RalphTask> tasks, EnvironmentRegistry registry) {}

  private RalphTasks() {}

  public static Loaded fromEnvironment(EnvironmentRegistry registry, String name, long seed, int difficulty, int maxIterations) {
    Environment env = registry.get(name);
    Pack pack = env.pack(new PackSpec(seed, maxIterations, Split.EVAL, difficulty, true));
    String id = (name + "-s" + seed).replaceAll("[^A-Za-z0-9._-]", "-");
    return new Loaded(List.of(new RalphTask(id, pack, name + ", seed " + seed + ", difficulty " + difficulty)), registry);
  }

  public static Loaded fromFile(Path file, EnvironmentRegistry builtIn, VerifierRegistry verifiers, RalphSettings settings)
      throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("no such task file: " + file);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    RowParser rows = new RowParser(verifiers, RowParser.Mode.TRAINING);
    List<String> problems = new ArrayList<>();
    List<RalphTask> tasks = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    EnvironmentRegistry registry = builtIn;
    for (int i = 0; i < lines.size(); i++) {
      int n = i + 1;
      if (lines.get(i).isBlank()) continue;
      try {
        JsonNode row = JSON.readTree(lines.get(i));
        if (!row.isObject()) throw new IllegalArgumentException("not a JSON object");
        String id = row.hasNonNull("id") ? row.get("id").asText() : "task-" + n;
        if (!id.matches("[A-Za-z0-9._-]{1,48}")) throw new IllegalArgumentException("id '" + id + "' must be 1-48 letters, digits, '.', '_' or '-'");
        Integer before = ids.putIfAbsent(id, n);
        if (before != null) throw new IllegalArgumentException("id '" + id + "' is already used on line " + before);
        if (row.has("environment")) {
          tasks.add(environmentTask(registry, row, id, n, file, settings));
        } else if (row.has("data_source")) {
          RowParser.Parsed p = rows.parse(n, lines.get(i));
          if (p.issue().isPresent()) throw new IllegalArgumentException(p.issue().get().reason());
          DatasetEnvironment env = new DatasetEnvironment("task:" + id, List.of(p.row().orElseThrow()), verifiers);
          registry = registry.with(env);
          Split split = env.rows(Split.EVAL) > 0 ? Split.EVAL : Split.TRAIN;
          tasks.add(new RalphTask(id, env.pack(new PackSpec(0, settings.maxIterations(), split, 0, true)), "line " + n + " of " + file));
        } else {
          throw new IllegalArgumentException("neither an environment task ({\"environment\": …, \"seed\": …}) nor a Guru row "
              + "(data_source, prompt, reward_model)");
        }
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        problems.add("line " + n + ": not JSON (" + e.getOriginalMessage() + ")");
      } catch (RuntimeException e) {
        problems.add("line " + n + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(file + " has " + problems.size() + " broken line(s): " + String.join("; ", problems));
    }
    if (tasks.isEmpty()) throw new IllegalArgumentException(file + " holds no tasks");
    return new Loaded(List.copyOf(tasks), registry);
  }

  private static RalphTask environmentTask(EnvironmentRegistry registry, JsonNode row, String id, int line, Path file,
      RalphSettings settings) {
    String name = row.get("environment").asText();
    Environment env = registry.get(name);
    long seed = integer(row, "seed", settings.seed() + line);
    int difficulty = (int) integer(row, "difficulty", settings.difficulty());
    if (difficulty < 0) throw new IllegalArgumentException("difficulty must be >= 0, got " + difficulty);
    Pack pack = env.pack(new PackSpec(seed, settings.maxIterations(), Split.EVAL, difficulty, true));
    return new RalphTask(id, pack, name + ", seed " + seed + ", difficulty " + difficulty + " (line " + line + " of " + file + ")");
  }

  private static long integer(JsonNode row, String key, long otherwise) {
    if (!row.has(key)) return otherwise;
    if (!row.get(key).canConvertToLong() || !row.get(key).isIntegralNumber()) {
      throw new IllegalArgumentException(key + " must be an integer, got " + row.get(key));
    }
    return row.get(key).asLong();
  }
}
