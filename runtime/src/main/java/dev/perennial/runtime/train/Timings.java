package dev.perennial.runtime.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wall seconds per phase, added up across resumed runs and kept in {@code runs/<id>/timings.json}. */
final class Timings {
  private final Path file;
  private final Map<String, Double> seconds;

  private Timings(Path file, Map<String, Double> seconds) {
    this.file = file;
    this.seconds = seconds;
  }

  static Timings load(Path file) throws IOException {
    Map<String, Double> s = new LinkedHashMap<>();
    if (Files.exists(file)) s.putAll(new ObjectMapper().readValue(file.toFile(), new TypeReference<Map<String, Double>>() {}));
    return new Timings(file, s);
  }

  synchronized void add(String phase, double secs) throws IOException {
    seconds.merge(phase, secs, Double::sum);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, new ObjectMapper().writeValueAsBytes(seconds));
  }

  synchronized Map<String, Double> all() { return new LinkedHashMap<>(seconds); }

  synchronized double total() { return seconds.values().stream().mapToDouble(Double::doubleValue).sum(); }
}
