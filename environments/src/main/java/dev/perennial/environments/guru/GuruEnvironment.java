package dev.perennial.environments.guru;

import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.environments.Task;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.expert.Expert;
import dev.perennial.environments.expert.SolveStep;
import dev.perennial.environments.expert.SolveView;
import dev.perennial.environments.pack.GeneratedEnvironment;
import dev.perennial.environments.pack.PackDraft;
import dev.perennial.environments.pack.SingleAnswerSession;
import dev.perennial.environments.verify.VerifierRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A procedural generator of one Guru domain exposed as an environment ("guru-math", …): a pack is
 * {@code n} tasks of one topic (the topic is the pack's shared trait), each checked by the
 * standard verifier its data source routes to, so everything runs offline. The difficulty knob
 * is passed to the topic (bigger numbers, more items, more clues).
 */
public final class GuruEnvironment extends GeneratedEnvironment {
  private final String name;
  private final String domain;
  private final List<GuruTopic> topics;
  private final VerifierRegistry verifiers;

  public GuruEnvironment(String domain, List<GuruTopic> topics, VerifierRegistry verifiers) {
    this.name = "guru-" + domain;
    this.domain = domain;
    this.topics = List.copyOf(topics);
    this.verifiers = verifiers;
  }

  @Override
  public String name() { return name; }

  @Override
  public String instructions() {
    return "Solve the " + domain + " task. You may use python. Put the final answer in <answer>…</answer>.";
  }

  @Override
  protected PackDraft draft(PackSpec spec, int count, SplittableRandom rng) {
    GuruTopic topic = topics.get(rng.nextInt(topics.size()));
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      GeneratedTask g = topic.generate(rng, spec.difficulty());
      tasks.add(new Task("", name, g.dataSource(), g.prompt(), g.groundTruth(), g.extraInfo(), List.of("python")));
    }
    return new PackDraft("topic: " + topic.name(), tasks);
  }

  @Override
  public TaskSession open(Task task) {
    return new SingleAnswerSession(task, verifiers.forDataSource(task.dataSource()), GuruEnvironment::feedback);
  }

  static String feedback(Task task, Score score) {
    return score.success() ? "Correct." : "Wrong: " + score.reason() + ".";
  }

  @Override
  public Optional<Expert> expert() {
    return Optional.of(new Expert() {
      @Override
      public SolveStep next(SolveView view) {
        for (GuruTopic t : topics) if (t.recognizes(view.prompt())) return t.solve(view);
        return new SolveStep.Answer("I do not recognise this task.", "");
      }

      @Override
      public String hints(Task task, String previousHints, String lastAttemptSummary, String feedback) {
        return previousHints == null ? "" : previousHints;
      }
    });
  }
}
