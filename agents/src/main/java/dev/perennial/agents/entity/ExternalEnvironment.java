package dev.perennial.agents.entity;

import dev.perennial.agents.deploy.VerifierLookup;
import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.StepResult;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.verify.Verifier;
import java.util.Optional;

/**
 * Where outside tasks "come from": no packs, no environment actions, and a session whose score is
 * the verifier the task names ({@link Task#dataSource()}), so a deployed agent's answers are scored
 * by the same {@code VerifierWorker} path as an environment's. A task naming no verifier is never
 * scored here (it waits for outside feedback).
 */
final class ExternalEnvironment implements Environment {
  static final String NAME = "external";

  private final VerifierLookup verifiers;

  ExternalEnvironment(VerifierLookup verifiers) { this.verifiers = verifiers; }

  @Override
  public String name() { return NAME; }

  @Override
  public Pack pack(PackSpec spec) {
    throw new UnsupportedOperationException("outside tasks arrive one at a time; there are no packs to generate");
  }

  @Override
  public TaskSession open(Task task) {
    Optional<Verifier> verifier = verifiers.find(task.dataSource());
    return new TaskSession() {
      @Override
      public StepResult act(String action) { return new StepResult("this task has no environment actions", false, 0); }

      @Override
      public Score score(String answer) {
        if (verifier.isEmpty()) return Score.fail(answer, "verifier '" + task.dataSource() + "' is not available on this node");
        return verifier.get().verify(answer, task.groundTruth(), task.extraInfo());
      }

      @Override
      public String feedback(Score score) { return score.reason(); }
    };
  }

  @Override
  public String instructions() { return ""; }
}
