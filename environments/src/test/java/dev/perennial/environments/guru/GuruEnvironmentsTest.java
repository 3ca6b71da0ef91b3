package dev.perennial.environments.guru;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.environments.Environment;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Split;
import dev.perennial.environments.Task;
import dev.perennial.environments.expert.ExpertRollout;
import dev.perennial.environments.testing.PythonSubprocessRunner;
import dev.perennial.environments.testing.TestSettings;
import dev.perennial.environments.verify.VerifierRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generated Guru tasks are verifiable: their own verifier accepts the truth, and the expert solves them with python. */
class GuruEnvironmentsTest {
  static final PythonSubprocessRunner PYTHON = new PythonSubprocessRunner();
  static final VerifierRegistry VERIFIERS = VerifierRegistry.standard(PYTHON, TestSettings.FAST);

  @Test
  void everyDomainIsRoutedToItsVerifierAndEveryTopicAppears() {
    for (Environment env : GuruEnvironments.all(VERIFIERS)) {
      Set<String> topics = new HashSet<>();
      for (long seed = 0; seed < 40; seed++) {
        Pack p = env.pack(new PackSpec(seed, 2, Split.TRAIN, (int) (seed % 2), false));
        topics.add(p.ruleDescription());
        for (Task t : p.tasks()) assertTrue(VERIFIERS.find(t.dataSource()).isPresent(), t.dataSource());
      }
      assertTrue(topics.size() >= 2, env.name() + " " + topics);
    }
  }

  @Test
  void theExpertSolvesEveryGeneratedTopic() {
    var python = ExpertRollout.python(PYTHON, Duration.ofSeconds(5));
    for (Environment env : GuruEnvironments.all(VERIFIERS)) {
      int tasks = 0;
      int solved = 0;
      for (long seed = 0; seed < 6; seed++) {
        Pack p = env.pack(new PackSpec(seed, 2, Split.EVAL, (int) (seed % 2), false));
        for (var a : ExpertRollout.run(env, p, env.expert().orElseThrow(), python, 3)) {
          tasks++;
          if (a.score().success()) solved++;
          else System.out.println(env.name() + " failed: " + a.task().prompt() + "\n -> " + a.exchanges() + " " + a.steps() + " " + a.score());
        }
      }
      assertEquals(tasks, solved, env.name());
    }
  }
}
