package dev.perennial.runtime.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What a run is (policy, environments, packs, seeds, sampling, the agents' settings), as written
 * to {@code spec.json} when it starts. A re-run of the same id must ask for the same thing, or its
 * journal would mix two different evaluations: {@link #claim} refuses it and names what differs.
 * Settings that do not change results (concurrency, polling) are not part of it.
 */
public final class RunSpec {
  public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private RunSpec() {}

  public static ObjectNode object() { return JSON.createObjectNode(); }

  /** Writes {@code spec} to {@code file}, or checks that the file already holds the same spec. */
  public static void claim(Path file, ObjectNode spec) throws IOException {
    if (!Files.exists(file)) {
      RunDir.writeAtomically(file, JSON.writeValueAsString(spec));
      return;
    }
    JsonNode before = JSON.readTree(file.toFile());
    JsonNode now = JSON.readTree(JSON.writeValueAsString(spec)); // numbers typed as a file read types them
    List<String> differ = new ArrayList<>();
    Iterator<String> names = now.fieldNames();
    names.forEachRemaining(n -> {
      if (!now.get(n).equals(before.get(n))) differ.add(n + " was " + before.get(n) + ", now " + now.get(n));
    });
    before.fieldNames().forEachRemaining(n -> { if (!now.has(n)) differ.add(n + " was " + before.get(n) + ", now absent"); });
    if (!differ.isEmpty()) {
      throw new IllegalArgumentException("run " + file.getParent().getFileName() + " exists with other settings ("
          + String.join("; ", differ) + "): use a new id, or the same settings to resume it");
    }
  }
}
