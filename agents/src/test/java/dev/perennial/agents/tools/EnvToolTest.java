package dev.perennial.agents.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvToolTest {
  /** A corridor of three cells: "right" moves on, the third cell ends the task; anything else is refused. */
  static final class Corridor implements TaskSession {
    final List<String> actions = new ArrayList<>();
    int cell;

    @Override
    public StepResult act(String action) {
      actions.add(action);
      if (!action.equals("right")) return new StepResult("unknown action '" + action + "'; use right", false, actions.size());
      cell++;
      return new StepResult("you are in cell " + cell, cell == 2, actions.size());
    }

    @Override
    public Score score(String finalAnswer) { return cell == 2 ? Score.pass("", "goal") : Score.fail("not at the goal"); }

    @Override
    public String feedback(Score score) { return score.reason(); }

    @Override
    public boolean finished() { return cell == 2; }
  }

  private final EnvTool tool = new EnvTool(ToolSettings.from(ConfigFactory.load()).env());

  @Test
  void passesTheActionAndReturnsTheObservation() throws Exception {
    Corridor c = new Corridor();
    ToolContext ctx = Contexts.of("ep", Map.of(), c);
    assertEquals(new ToolOutput("unknown action 'left'; use right", true, false), tool.run(Contexts.call("env", " left\n"), ctx));
    assertEquals(new ToolOutput("you are in cell 1", true, false), tool.run(Contexts.call("env", "right"), ctx));
    assertEquals(new ToolOutput("you are in cell 2", true, true), tool.run(Contexts.call("env", "right"), ctx));
    assertEquals(List.of("left", "right", "right"), c.actions);
    ToolFailure over = assertThrows(ToolFailure.class, () -> tool.run(Contexts.call("env", "right"), ctx));
    assertTrue(over.getMessage().contains("already over"));
  }

  @Test
  void refusesEmptyActionsAndTasksWithoutAnEnvironment() {
    assertTrue(assertThrows(ToolFailure.class, () -> tool.run(Contexts.call("env", "  "), Contexts.of("ep", Map.of(), new Corridor())))
        .getMessage().contains("empty action"));
    assertTrue(assertThrows(ToolFailure.class, () -> tool.run(Contexts.call("env", "right"), Contexts.of("ep")))
        .getMessage().contains("no environment"));
  }
}
