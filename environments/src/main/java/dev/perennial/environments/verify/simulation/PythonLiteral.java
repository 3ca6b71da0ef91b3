package dev.perennial.environments.verify.simulation;

/**
 * Rewrites a Python literal ({@code {'a': (1, True, None)}}) into JSON text by scanning tokens:
 * quotes normalised to double quotes (with escapes), {@code True/False/None} to JSON keywords,
 * tuple parentheses to brackets, trailing commas dropped. Nothing is evaluated; input that is not
 * a plain literal simply yields invalid JSON, which the caller rejects.
 */
final class PythonLiteral {
  private PythonLiteral() {}

  static String toJson(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        i = string(s, i, out);
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
        String word = s.substring(i, j);
        out.append(switch (word) {
          case "True" -> "true";
          case "False" -> "false";
          case "None" -> "null";
          case "inf" -> "1e999";
          default -> word;
        });
        i = j;
        continue;
      }
      if (c == '(') out.append('[');
      else if (c == ')') out.append(']');
      else if (c == ',' && nextSignificantCloses(s, i + 1)) { /* trailing comma */ }
      else out.append(c);
      i++;
    }
    return out.toString();
  }

  private static int string(String s, int start, StringBuilder out) {
    char quote = s.charAt(start);
    out.append('"');
    int i = start + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(i + 1);
        if (n == '\'') out.append('\'');
        else out.append('\\').append(n);
        i += 2;
        continue;
      }
      if (c == quote) {
        out.append('"');
        return i + 1;
      }
      if (c == '"') out.append("\\\"");
      else out.append(c);
      i++;
    }
    return i;
  }

  private static boolean nextSignificantCloses(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) continue;
      return c == ')' || c == ']' || c == '}';
    }
    return false;
  }
}
