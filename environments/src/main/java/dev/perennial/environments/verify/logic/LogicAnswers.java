package dev.perennial.environments.verify.logic;

import dev.perennial.environments.verify.extract.AnswerExtractor;
import dev.perennial.environments.verify.extract.Extraction;
import java.util.Locale;

/** Shared helpers of the logic verifiers: where the answer is, and the case/space-insensitive form of an item. */
final class LogicAnswers {
  private LogicAnswers() {}

  /** The last {@code <answer>} or {@code \boxed{}}, with a markdown fence around it removed. */
  static Extraction answer(String response) {
    Extraction ex = AnswerExtractor.finalAnswer(response);
    if (!ex.found()) return ex;
    String a = ex.answer().strip();
    if (a.startsWith("```")) {
      int nl = a.indexOf('\n');
      int end = a.lastIndexOf("```");
      if (nl > 0 && end > nl) a = a.substring(nl + 1, end).strip();
    }
    return Extraction.of(a, ex.end());
  }

  static String canonical(String item) {
    return item == null ? "" : item.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
