package dev.perennial.environments.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.ExpertRollout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
  final TerminalEnvironment env = new TerminalEnvironment();

  static Task task(String os, String kind, String a, String b) {
    return new Task("t", TerminalEnvironment.NAME, TerminalEnvironment.NAME, "x", "done",
        Map.of("os", os, "user", "ana", "kind", kind, "a", a, "b", b, "c", ""), List.of("env"));
  }

  @Test
  void eachOsHasItsOwnCommandsAndPathConventions() {
    TaskSession win = env.open(task("windows", "MOVE", "Downloads/todo.md", "Documents"));
    assertEquals("'mv' is not recognized as an internal or external command, operable program or batch file.", win.act("mv Downloads/todo.md Documents/").observation());
    assertEquals("The syntax of the command is incorrect.", win.act("move Downloads/todo.md Documents").observation());
    assertTrue(win.act("move Downloads\\todo.md Documents\\").observation().endsWith("Task complete."));
    TaskSession linux = env.open(task("linux", "MOVE", "Downloads/todo.md", "Documents"));
    assertEquals("/home/ana", linux.act("pwd").observation());
    assertTrue(linux.act("mv Downloads\\todo.md Documents").observation().contains("No such file"));
    assertEquals("bash: move: command not found", linux.act("move Downloads/todo.md Documents").observation());
    TaskSession mac = env.open(task("mac", "CHMOD", "run.sh", ""));
    assertEquals("/Users/ana", mac.act("pwd").observation());
    assertTrue(mac.act("chmod +x run.sh").done());
    assertTrue(mac.score("").success());
  }

  @Test
  void uploadAndDownloadReachTheLinuxServer() {
    TaskSession up = env.open(task("windows", "UPLOAD", "Documents/data.csv", "/home/ana/inbox"));
    assertTrue(up.act("scp Documents\\data.csv ana@server:/home/ana/inbox/").done());
    TaskSession down = env.open(task("linux", "DOWNLOAD", "/home/ana/reports/notes.txt", "Desktop"));
    assertTrue(down.act("scp ana@server:/home/ana/reports/notes.txt Desktop/").done());
  }

  @Test
  void feedbackNamesTheOsAndWhatIsMissing() {
    TaskSession s = env.open(task("windows", "DELETE", "Downloads/old.log", ""));
    s.act("rm Downloads/old.log");
    assertEquals("Not done: Downloads/old.log still exists. This machine is windows (cmd), home C:\\Users\\ana.", s.feedback(s.score("")));
  }

  @Test
  void expertProbesTheOsOnceThenUsesTheHint() {
    for (long seed = 0; seed < 60; seed++) {
      Pack p = env.pack(new PackSpec(seed, 3, Split.EVAL, (int) (seed % 2), false));
      var attempts = ExpertRollout.run(env, p, env.expert().orElseThrow(), (t, i) -> "", TerminalEnvironment.MAX_STEPS + 2);
      for (var a : attempts) assertTrue(a.score().success(), p.ruleDescription() + " " + a.task().prompt() + " -> " + a.feedback() + " " + a.exchanges());
      assertEquals("pwd", attempts.get(0).exchanges().get(0).input());
      assertTrue(attempts.get(1).hintsBefore().startsWith("os="), attempts.get(1).hintsBefore());
      assertTrue(attempts.get(1).exchanges().stream().noneMatch(x -> x.input().equals("pwd")));
    }
  }
}
