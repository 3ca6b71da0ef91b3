package dev.perennial.agents.entity;

import akka.actor.typed.ActorRef;
import dev.perennial.environments.Pack;
import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * The pack an agent is working through (or finished last).
 *
 * @param run      the agent's pack counter; episode ids include it so a pack run twice never collides
 * @param position position of the current (or last) episode
 * @param halted   why work stopped, when the policy kept failing
 */
public record PackRun(
    Pack pack,
    String groupId,
    int run,
    Optional<ActorRef<AgentEntity.PackFinished>> notifyTo,
    int position,
    boolean finished,
    Optional<String> halted,
    int successes,
    double rewardSum) implements CborSerializable {

  static PackRun start(Pack pack, String groupId, int run, Optional<ActorRef<AgentEntity.PackFinished>> notifyTo) {
    return new PackRun(pack, groupId, run, notifyTo, 0, false, Optional.empty(), 0, 0.0);
  }

  PackRun at(int pos) { return new PackRun(pack, groupId, run, notifyTo, pos, finished, halted, successes, rewardSum); }

  PackRun scored(boolean success, double reward) {
    return new PackRun(pack, groupId, run, notifyTo, position, finished, halted, successes + (success ? 1 : 0), rewardSum + reward);
  }

  PackRun completed() { return new PackRun(pack, groupId, run, notifyTo, position, true, halted, successes, rewardSum); }

  PackRun halt(Optional<String> reason) {
    return new PackRun(pack, groupId, run, notifyTo, position, finished, reason, successes, rewardSum);
  }

  /** Working through the pack (not finished, not halted). */
  boolean active() { return !finished && halted.isEmpty(); }

  boolean lastPosition(int pos) { return pos == pack.size() - 1; }
}
