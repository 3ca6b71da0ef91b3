package dev.perennial.runtime.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.environments.hiddenop.HiddenOperatorEnvironment;
import dev.perennial.learner.sft.ExpertPolicy;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.runtime.config.Profiles;
import dev.perennial.runtime.train.TrainNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-out evaluation core on a real node (H2 journal, real agents, calculator): with the
 * hidden-operator expert as the policy the CoD curve is 0 at position 0 (the hidden constant is
 * unknown) and 1 after (the hints carry it), and the result survives its JSON file.
 */
class HeldOutEvaluationTest {
  @TempDir Path dir;

  @Test
  void theExpertsCurveIsZeroAtTheFirstPositionAndOneAfterItAndReadsBackFromJson() throws Exception {
    var config = Profiles.load(Path.of("../config/local.conf").toAbsolutePath().toString(), ConfigFactory.parseMap(Map.of("perennial.persistence.data-dir", dir.resolve("data").toString(),
        "akka.loglevel", "WARNING")));
    try (TrainNode node = TrainNode.start(config, List.of(HiddenOperatorEnvironment.NAME));
         PolicyTokenizer tokenizer = PolicyTokenizer.bundled()) {
      AgentSettings settings = node.agentSettings(0.0);
      var expert = new ExpertPolicy(r -> new HiddenOperatorEnvironment().expert(), tokenizer, settings.protocol(),
          settings.prompt().noHintsText(), true);
      var request = new HeldOutEvaluation.Request("expert", node.environments(), 3, 4, 0, 1, "eval/test", Duration.ofSeconds(60));
      HeldOutEvaluation.Outcome out = HeldOutEvaluation.run(node.system(), request, node.deps(expert, settings), "expert", 0.0)
          .toCompletableFuture().join();
      PositionCurve curve = out.result().curve();
      assertEquals(21, out.episodes().size());
      assertEquals(List.of(0.0, 1.0, 1.0, 1.0), curve.points().stream().map(PositionCurve.Point::successRate).toList());
      assertEquals(0.75, curve.successRate(), 1e-12);
      assertEquals(9, curve.hintsParsed());
      assertTrue(curve.points().get(1).successInterval()[0] > 0.3, "Wilson interval of 3/3");
      assertTrue(out.episodes().stream().allMatch(e -> e.groupId().startsWith("eval/test/hidden-operator/p")));

      Path file = dir.resolve("eval/expert.json");
      out.result().write(file);
      EvalResult back = EvalResult.read(file);
      assertEquals(out.result().curve().successes(), back.curve().successes());
      assertArrayEquals(out.result().curve().points().get(2).successInterval(), back.curve().points().get(2).successInterval(), 1e-12);
      assertEquals("expert", back.label());
    }
  }
}
