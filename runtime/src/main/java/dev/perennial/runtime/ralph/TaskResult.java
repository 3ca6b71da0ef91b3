package dev.perennial.runtime.ralph;

import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;

/**
 * One task's loop as it ended: the reward and verdict of every attempt, the hints each attempt
 * started from (attempt 0 from "no hints"), the first attempt that passed, why the loop stopped,
 * and what the workspace held at the start of the attempts the driver saw.
 */
record TaskResult(RalphTask task, List<Double> rewards, List<Boolean> successes, List<String> hints, OptionalInt firstPass,
    String stopReason, List<StopRules.Seen> workspace) {

  int attempts() { return rewards.size(); }

  boolean passed() { return firstPass.isPresent(); }

  static TaskResult of(RalphTask task, List<EpisodeRecord> records, String stopReason, List<StopRules.Seen> workspace) {
    List<EpisodeRecord> solves = new ArrayList<>(records.stream().filter(r -> r.kind() == EpisodeKind.SOLVE).toList());
    solves.sort(Comparator.comparingInt(EpisodeRecord::position));
    List<Double> rewards = solves.stream().map(r -> r.rewards().outcome()).toList();
    List<Boolean> successes = solves.stream().map(r -> r.rewards().success()).toList();
    OptionalInt first = OptionalInt.empty();
    for (int i = 0; i < successes.size(); i++) {
      if (successes.get(i)) {
        first = OptionalInt.of(i);
        break;
      }
    }
    return new TaskResult(task, rewards, successes, solves.stream().map(EpisodeRecord::hints).toList(), first, stopReason,
        workspace);
  }

  TaskResult stoppedBy(String reason) {
    return new TaskResult(task, rewards, successes, hints, firstPass, reason, workspace);
  }

  /** Why a loop that ran to its end stopped: its last attempt passed under until-pass, or it used every attempt. */
  static String ending(boolean untilPass, List<Boolean> successes) {
    return untilPass && !successes.isEmpty() && successes.get(successes.size() - 1) ? StopRules.PASSED : StopRules.MAX_ITERATIONS;
  }
}
