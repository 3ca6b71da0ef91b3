package dev.perennial.environments.verify.tabular;

import com.fasterxml.jackson.databind.JsonNode;
import dev.perennial.environments.Score;
import dev.perennial.environments.verify.Verifier;
import dev.perennial.environments.verify.VerifierSettings;
import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import dev.perennial.environments.verify.simulation.JsonValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Table QA (HiTab, MultiHier): the answer (last {@code \boxed{}}/{@code <answer>}, else the last
 * {@code Answer:} line) and the ground truth are split on {@code |} (or given as a JSON list) and
 * compared as multisets. Items are normalised ({@code $}, {@code %}, thousands commas, case,
 * spaces); a ground-truth integer (a year, an id, a count) must match exactly, a ground-truth
 * decimal within the relative tolerance; text items must be equal. Model output is only parsed as
 * numbers and text, never evaluated.
 */
public final class TabularVerifier implements Verifier {
  private static final Pattern ANSWER_LINE = Pattern.compile("(?im)^\\s*(?:final\\s+)?answer\\s*[:：]\\s*(.+?)\\s*$");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?|\\.\\d+)");
  private final double tolerance;

  public TabularVerifier(VerifierSettings settings) {
    this.tolerance = settings.tabularRelativeTolerance();
  }

  @Override
  public String domain() { return "tabular"; }

  @Override
  public Score verify(String response, String groundTruth, Map<String, String> extraInfo) {
    try {
      List<String> truth = items(groundTruth);
      if (truth.isEmpty()) return Score.fail("empty ground truth");
      Optional<String> raw = answer(response);
      if (raw.isEmpty()) return Score.fail("no answer found");
      List<String> got = items(raw.get());
      if (got.isEmpty()) return Score.fail(raw.get(), "empty answer");
      if (got.size() != truth.size()) return Score.fail(raw.get(), got.size() + " item(s), expected " + truth.size());
      List<String> left = new ArrayList<>(truth);
      for (String g : got) {
        int match = -1;
        for (int j = 0; j < left.size() && match < 0; j++) if (itemEqual(g, left.get(j))) match = j;
        if (match < 0) return Score.fail(raw.get(), "'" + g + "' matches no expected item of " + truth);
        left.remove(match);
      }
      return Score.pass(raw.get(), "all " + truth.size() + " item(s) match");
    } catch (RuntimeException | StackOverflowError e) {
      return Score.fail("verifier error: " + e.getClass().getSimpleName());
    }
  }

  private static Optional<String> answer(String response) {
    String text = AnswerExtractor.afterThink(response);
    Extraction ex = AnswerExtractor.finalAnswer(text);
    if (ex.found()) return Optional.of(ex.answer());
    Matcher m = ANSWER_LINE.matcher(text.length() > 200_000 ? text.substring(text.length() - 200_000) : text);
    String last = null;
    while (m.find()) last = m.group(1);
    return Optional.ofNullable(last);
  }

  static List<String> items(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isBlank()) return out;
    String s = text.strip();
    if (s.startsWith("[")) {
      Optional<JsonNode> node = JsonValues.parseLenient(s);
      if (node.isPresent() && node.get().isArray()) {
        for (JsonNode n : node.get()) out.add(normalize(n.isTextual() ? n.asText() : n.toString()));
        out.removeIf(String::isEmpty);
        return out;
      }
    }
    for (String part : s.split("\\|")) {
      String n = normalize(part);
      if (!n.isEmpty()) out.add(n);
    }
    return out;
  }

  static String normalize(String item) {
    String s = item.replaceAll("\\\\text\\s*\\{([^{}]*)\\}", "$1").replace("\\$", "").replace("$", "")
        .replace("\\%", "").replace("%", "").replace("\\", "").strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
    return s;
  }

  boolean itemEqual(String got, String want) {
    if (got.equals(want)) return true;
    BigDecimal w = number(want);
    BigDecimal g = number(got);
    if (w == null || g == null) return false;
    if (want.indexOf('.') < 0) return g.compareTo(w) == 0;
    BigDecimal diff = g.subtract(w).abs();
    return diff.compareTo(w.abs().multiply(BigDecimal.valueOf(tolerance))) <= 0 || diff.signum() == 0;
  }

  private static BigDecimal number(String s) {
    if (s.length() > 100 || !NUMBER.matcher(s).matches()) return null;
    return new BigDecimal(s.replace(",", ""));
  }
}
