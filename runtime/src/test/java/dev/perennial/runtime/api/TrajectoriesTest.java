package dev.perennial.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.protocol.ProtocolTags;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrajectoriesTest {
  static Turn turn(String injected, String sampled) {
    return new Turn(injected, new int[0], sampled, new int[0], new float[0], FinishReason.STOP, 1);
  }

  static List<String> kinds(List<Trajectories.Piece> pieces) { return pieces.stream().map(Trajectories.Piece::kind).toList(); }

  @Test
  void cutsTurnsAtTheProtocolTags() {
    var t = new Trajectories(ProtocolTags.defaults());
    var pieces = t.pieces(List.of(
        turn("<task>x=1</task>", "<plan>add</plan> then <code lang=\"python\">print(1)</code>"),
        turn("<interpreter>1\n</interpreter>\n", "<reflect>ok</reflect><answer>1</answer>")));
    assertEquals(List.of("prompt", "plan", "text", "code", "interpreter", "reflect", "answer"), kinds(pieces));
    assertEquals("python", pieces.get(3).tool());
    assertEquals("print(1)", pieces.get(3).text());
    assertEquals(false, pieces.get(4).generated());
  }

  @Test
  void anUnclosedTagRunsToTheEndAndCustomTagNamesKeepTheirRoles() {
    var tags = new ProtocolTags("think", "tool", "name", "", "out", "check", "final", "notes");
    var pieces = new Trajectories(tags).pieces(List.of(turn("p", "<think>hmm</think><tool name='calc'>1+1</tool><final>2")));
    assertEquals(List.of("prompt", "plan", "code", "answer"), kinds(pieces));
    assertEquals("calc", pieces.get(2).tool());
    assertEquals("2", pieces.get(3).text());
  }

  @Test
  void wordDiffShowsRemovalsThenAdditions() {
    assertEquals(List.of(new WordDiff.Op("-", "k=3"), new WordDiff.Op("+", "k=5")), WordDiff.diff("k=3", "k=5"));
    assertEquals(List.of(new WordDiff.Op("=", "use "), new WordDiff.Op("-", "k=3 "), new WordDiff.Op("+", "k=5 "),
        new WordDiff.Op("=", "always")), WordDiff.diff("use k=3 always", "use k=5 always"));
    assertEquals(List.of(new WordDiff.Op("+", "new")), WordDiff.diff("", "new"));
  }
}
