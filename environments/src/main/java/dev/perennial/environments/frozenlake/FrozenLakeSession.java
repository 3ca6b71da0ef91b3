package dev.perennial.environments.frozenlake;

import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.TaskSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt at a lake: the state is the player's cell and the moves so far, a pure function of
 * the actions applied (so replaying them rebuilds it). {@code Direction k} moves by the pack's
 * hidden mapping; anything else is a format error that ends the attempt with reward 0 (as in the
 * reference). Reward on success: max(0, 1 − 0.1·steps/maxSteps).
 */
final class FrozenLakeSession implements TaskSession {
  private static final Pattern ACTION = Pattern.compile("(?i)^\\s*direction\\s*([1-4])\\s*$");
  private final LakeMap map;
  private final Move[] codes;
  private final int maxSteps;
  private final Map<Integer, Move> used = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();
  private int row;
  private int col;
  private int steps;
  private String ending = "";

  FrozenLakeSession(LakeMap map, Move[] codes, int maxSteps) {
    this.map = map;
    this.codes = codes;
    this.maxSteps = maxSteps;
    this.row = map.startRow();
    this.col = map.startCol();
  }

  @Override
  public StepResult act(String action) {
    if (finished()) return new StepResult("The episode is over.", true, steps);
    Matcher m = ACTION.matcher(action == null ? "" : action);
    if (!m.matches()) {
      ending = "invalid";
      return new StepResult("Invalid action: use Direction 1, 2, 3 or 4. Episode over.", true, steps);
    }
    int code = Integer.parseInt(m.group(1));
    Move move = codes[code - 1];
    used.putIfAbsent(code, move);
    int[] next = map.step(row, col, move);
    row = next[0];
    col = next[1];
    steps++;
    String status = "";
    if (map.at(row, col) == 'H') { ending = "hole"; status = "\nYou fell into a hole."; }
    else if (map.at(row, col) == 'G') { ending = "goal"; status = "\nYou reached the goal."; }
    else if (steps >= maxSteps) { ending = "steps"; status = "\nOut of moves."; }
    events.add(code + "=" + move.word());
    return new StepResult(map.render(row, col) + status, finished(), steps);
  }

  @Override
  public boolean finished() { return !ending.isEmpty(); }

  @Override
  public Score score(String finalAnswer) {
    if (ending.equals("goal")) {
      double r = Math.max(0, 1 - 0.1 * steps / maxSteps);
      return new Score(r, true, "goal", "reached the goal in " + steps + " of " + maxSteps + " moves");
    }
    return Score.fail(ending.isEmpty() ? "stopped" : ending, switch (ending) {
      case "hole" -> "fell into a hole";
      case "steps" -> "out of moves";
      case "invalid" -> "invalid action";
      default -> "stopped before the goal";
    });
  }

  @Override
  public String feedback(Score score) {
    String what = switch (ending) {
      case "goal" -> "Reached the goal in " + steps + " moves.";
      case "hole" -> "Fell into a hole after " + steps + " moves.";
      case "steps" -> "Out of moves after " + steps + ".";
      case "invalid" -> "Invalid action after " + steps + " moves.";
      default -> "Stopped after " + steps + " moves without reaching the goal.";
    };
    if (used.isEmpty()) return what;
    StringBuilder b = new StringBuilder(what).append(" Codes used:");
    used.forEach((code, move) -> b.append(' ').append(code).append('=').append(move.word()));
    return b.append('.').toString();
  }
}
