package dev.perennial.environments.guru;

import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import java.util.SplittableRandom;

/**
 * One kind of generated task of a Guru domain, with its own ideal solver. By default the solver
 * writes a python program (from the prompt alone) whose printed output is the answer, runs it,
 * and answers what it printed.
 */
public interface GuruTopic {
  String name();

  /** True when {@code prompt} is one of this topic's tasks (the expert uses it to pick the solver). */
  boolean recognizes(String prompt);

  GeneratedTask generate(SplittableRandom rng, int difficulty);

  /** Python code that prints the answer, written from the prompt. */
  String program(String prompt);

  default SolveStep solve(SolveView view) {
    if (view.exchanges().isEmpty()) return new SolveStep.UseTool("Compute the " + name() + " answer with python.", "python", program(view.prompt()));
    String out = view.last().output().strip();
    return new SolveStep.Answer("Python printed the answer.", out);
  }
}
