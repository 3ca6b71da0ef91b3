package dev.perennial.runtime.multijvm;

import dev.perennial.runtime.cluster.TrainingWorkload;
import java.time.Duration;
import dev.perennial.runtime.node.NodeWorkload;
import dev.perennial.runtime.node.PerennialNode;

/**
 * The production {@link TrainingWorkload} (real learner, DJL policy servers, rollout driver) with
 * test-scope additions: the agents' policy is wrapped in {@link MarkingPolicy}, which prints a
 * {@code TURN} line per call, so the test sees where agents run, and waits
 * {@code perennial.test.turn-delay} before each call: a tiny model answers in milliseconds, and the
 * pause gives the test time to act between two learner steps. Nothing else changes.
 */
public final class ObservedTrainingWorkload implements NodeWorkload {
  @Override
  public void start(PerennialNode node) throws Exception {
    Duration delay = node.system().settings().config().getDuration("perennial.test.turn-delay");
    new TrainingWorkload(p -> new MarkingPolicy(p, delay)).start(node);
  }
}
