package dev.perennial.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.runtime.eval.SliceMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The eval, ralph and serve-policy commands as a user types them: clear errors, and eval compare. */
class EvalCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true));
      System.setErr(new PrintStream(e, true));
      int code = PerennialCli.execute(args);
      return new Run(code, o.toString(), e.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void badPolicyAndTaskSourcesAreOneClearLine() {
    Run r = cli("eval", "--policy", "gpt4", "--env", "hidden-operator");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("perennial eval: --policy must be djl:<checkpoint dir>, openai:<base url> or expert"), r.err());
    r = cli("eval", "--policy", "openai:http://127.0.0.1:1/v1", "--env", "hidden-operator");
    assertTrue(r.err().contains("needs --model NAME"), r.err());
    r = cli("ralph", "--policy", "expert");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("name one task source: --env NAME (with --seed) or --tasks FILE.jsonl"), r.err());
    r = cli("serve-policy", "-p", "../config/local.conf", "--checkpoint", dir.resolve("none").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("no checkpoint at"), r.err());
  }

  @Test
  void compareWritesTheDifferenceAndItsPlots() throws Exception {
    Path a = summary("a", false);
    Path b = summary("b", true);
    Path out = dir.resolve("cmp");
    Run r = cli("eval", "compare", "-p", "../config/local.conf", a.toString(), b.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| all | success | 0 | 0.000 | 1.000 |"), r.out());
    for (String f : List.of("compare.md", "compare.json", "success-by-position.png", "difference-by-position.png")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
  }

  private Path summary(String name, boolean success) throws Exception {
    List<EpisodeRecord> eps = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Turn t = new Turn("p", new int[] {1}, "x", new int[] {2}, new float[1], FinishReason.STOP, 1);
      eps.add(new EpisodeRecord("e" + i, "a" + i, "env", "p", "g" + i, 0, 1, EpisodeKind.SOLVE, "t", 1, List.of(t),
          new Rewards(success ? 1 : 0, 0, 0, success), "", "", "", false, 0, 0, 0, 1));
    }
    var json = new ObjectMapper().createObjectNode();
    SliceMetrics.of(eps).writeTo(json.putObject("metrics").putObject("all"), "position");
    Path f = Files.createDirectories(dir.resolve(name)).resolve("summary.json");
    Files.writeString(f, json.toString());
    return f;
  }
}
