package dev.perennial.environments.verify.format;

/**
 * Tag names of the Plan → Action → Reflection protocol. A tool call is
 * {@code <code lang="python">…</code>} (the attribute names the tool), its output arrives in
 * {@code <interpreter>…</interpreter>} injected by the runtime.
 */
public record FormatTags(String plan, String code, String langAttribute, String interpreter, String reflect, String answer) {
  public static final FormatTags DEFAULT = new FormatTags("plan", "code", "lang", "interpreter", "reflect", "answer");

  public FormatTags {
    for (String t : new String[] {plan, code, langAttribute, interpreter, reflect, answer}) {
      if (t == null || !t.matches("[A-Za-z][A-Za-z0-9_-]*")) throw new IllegalArgumentException("bad tag name: " + t);
    }
  }
}
