package dev.perennial.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One section of the suite: the benchmark main it runs in a JVM of its own, its arguments in quick
 * and full mode, how much heap it gets, and how its results file becomes rows of the table.
 * Benchmarks written for the suite take {@code --out FILE} and write a {@link SectionReport}
 * ({@link #OWN}); the older drivers write their own files, which an adapter turns into rows.
 */
record Section(
    String name,
    String title,
    String mainClass,
    List<String> quickArgs,
    List<String> fullArgs,
    String heap,
    boolean takesOut,
    Function<JsonNode, SectionReport> adapter) {

  /** The results file already is a SectionReport. */
  static final Function<JsonNode, SectionReport> OWN = null;

  List<String> args(boolean quick, Path out) {
    List<String> a = new java.util.ArrayList<>(quick ? quickArgs : fullArgs);
    if (takesOut) {
      a.add("--out");
      a.add(out.toString());
    }
    return a;
  }
}
