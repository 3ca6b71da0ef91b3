package dev.perennial.runtime.api;

import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.protocol.ProtocolTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an episode's turns into typed segments for people to read: the prompt, then what the
 * policy wrote split at the protocol's tags (plan, code — with its tool —, reflect, answer, hints),
 * and the interpreter output the runtime injected. Kinds are the protocol roles, whatever the
 * configured tag names; text outside any tag is "text". An unclosed tag runs to the end.
 */
final class Trajectories {
  /** One piece of a trajectory; {@code tool} is set for code segments. */
  record Piece(String kind, String text, String tool, boolean generated) {}

  private final Map<String, String> roleByTag = new LinkedHashMap<>();
  private final Pattern open;
  private final Pattern lang;

  Trajectories(ProtocolTags tags) {
    roleByTag.put(tags.plan(), "plan");
    roleByTag.put(tags.code(), "code");
    roleByTag.put(tags.interpreter(), "interpreter");
    roleByTag.put(tags.reflect(), "reflect");
    roleByTag.put(tags.answer(), "answer");
    roleByTag.put(tags.hints(), "hints");
    open = Pattern.compile("<(" + String.join("|", roleByTag.keySet().stream().map(Pattern::quote).toList()) + ")(\\s[^>]*)?>");
    lang = Pattern.compile(Pattern.quote(tags.langAttribute()) + "\\s*=\\s*[\"']([^\"']*)[\"']");
  }

  List<Piece> pieces(List<Turn> turns) {
    List<Piece> out = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      Turn t = turns.get(i);
      if (!t.injectedText().isEmpty()) {
        if (i == 0) out.add(new Piece("prompt", t.injectedText(), "", false));
        else split(t.injectedText(), false, out);
      }
      split(t.sampledText(), true, out);
    }
    return out;
  }

  void split(String text, boolean generated, List<Piece> out) {
    Matcher m = open.matcher(text);
    int at = 0;
    while (at < text.length() && m.find(at)) {
      if (m.start() > at) text(text.substring(at, m.start()), generated, out);
      String tag = m.group(1);
      String close = "</" + tag + ">";
      int end = text.indexOf(close, m.end());
      String body = end < 0 ? text.substring(m.end()) : text.substring(m.end(), end);
      String tool = "";
      if (roleByTag.get(tag).equals("code")) {
        Matcher l = lang.matcher(m.group(2) == null ? "" : m.group(2));
        tool = l.find() ? l.group(1) : "";
      }
      out.add(new Piece(roleByTag.get(tag), body, tool, generated));
      at = end < 0 ? text.length() : end + close.length();
    }
    if (at < text.length()) text(text.substring(at), generated, out);
  }

  private static void text(String s, boolean generated, List<Piece> out) {
    if (!s.isBlank()) out.add(new Piece("text", s, "", generated));
  }
}
