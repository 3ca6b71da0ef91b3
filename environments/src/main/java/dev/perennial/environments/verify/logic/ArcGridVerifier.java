package dev.perennial.environments.verify.logic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.extract.Extraction;
import dev.perennial.environments.verify.simulation.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ARC grids: 1 iff the predicted grid equals the ground-truth grid exactly (same shape, same
 * cells). The grid is read from the final answer as JSON ({@code [[0,1],[1,0]]}) or as rows of
 * digits ({@code "01\n10"} or {@code "0 1\n1 0"}). There is no fallback: an empty or missing grid is
 * wrong, and a grid is never read from elsewhere in the response.
 */
public final class ArcGridVerifier implements Verifier {
  @Override
  public String domain() { return "logic"; }

  @Override
  public Optional<String> checkGroundTruth(String groundTruth) {
    return grid(groundTruth).filter(g -> !g.isEmpty()).isPresent() ? Optional.empty() : Optional.of("ARC ground truth is not a non-empty grid");
  }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      Optional<List<List<Integer>>> truth = grid(groundTruth);
      if (truth.isEmpty() || truth.get().isEmpty()) return Score.fail("ARC ground truth is not a grid");
      Extraction ex = LogicAnswers.answer(response);
      if (!ex.found()) return Score.fail(ex.problem());
      Optional<List<List<Integer>>> predicted = grid(ex.answer());
      if (predicted.isEmpty() || predicted.get().isEmpty()) return Score.fail(ex.answer(), "the answer is not a grid");
      List<List<Integer>> p = predicted.get();
      List<List<Integer>> t = truth.get();
      if (p.size() != t.size() || p.get(0).size() != t.get(0).size()) {
        return Score.fail(ex.answer(), "shape " + p.size() + "x" + p.get(0).size() + " vs " + t.size() + "x" + t.get(0).size());
      }
      return p.equals(t) ? Score.pass(ex.answer(), "grid matches") : Score.fail(ex.answer(), "cells differ");
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  /** A rectangular grid of small integers, or empty. */
  static Optional<List<List<Integer>>> grid(String text) {
    if (text == null || text.isBlank() || text.length() > 200_000) return Optional.empty();
    String s = text.strip();
    if (s.startsWith("[")) {
      Optional<JsonNode> node = JsonValues.parseLenient(s);
      if (node.isEmpty() || !node.get().isArray()) return Optional.empty();
      List<List<Integer>> rows = new ArrayList<>();
      for (JsonNode row : node.get()) {
        if (!row.isArray()) return Optional.empty();
        List<Integer> r = new ArrayList<>();
        for (JsonNode c : row) {
          if (!c.isInt()) return Optional.empty();
          r.add(c.asInt());
        }
        rows.add(r);
      }
      return rectangular(rows);
    }
    List<List<Integer>> rows = new ArrayList<>();
    for (String line : s.split("\n")) {
      String l = line.strip();
      if (l.isEmpty()) continue;
      List<Integer> r = new ArrayList<>();
      String cells = l.contains(" ") || l.contains(",") ? l : l.replaceAll("(.)", "$1 ");
      for (String c : cells.split("[\\s,]+")) {
        if (c.isEmpty()) continue;
        if (!c.matches("\\d{1,2}")) return Optional.empty();
        r.add(Integer.parseInt(c));
      }
      rows.add(r);
    }
    return rectangular(rows);
  }

  private static Optional<List<List<Integer>>> rectangular(List<List<Integer>> rows) {
    if (rows.isEmpty() || rows.get(0).isEmpty()) return Optional.empty();
    int w = rows.get(0).size();
    for (List<Integer> r : rows) if (r.size() != w) return Optional.empty();
    return Optional.of(rows);
  }
}
