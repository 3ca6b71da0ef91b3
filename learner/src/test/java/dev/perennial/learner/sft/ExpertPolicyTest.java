package dev.perennial.learner.sft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import akka.persistence.testkit.javadsl.PersistenceTestKit;
import dev.perennial.agents.entity.AgentDeps;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.agents.entity.AgentSettings;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.tools.ToolRegistry;
import dev.perennial.agents.tools.ToolSettings;
import dev.perennial.agents.tools.calculator.CalculatorTool;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.hiddenop.HiddenOperatorEnvironment;
import dev.perennial.environments.verify.format.PlanActReflectScorer;
import dev.perennial.learner.tokenizer.PolicyTokenizer;
import dev.perennial.learner.train.TrainSequence;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real agents driven by the hidden-operator expert through {@link ExpertPolicy}: the traces are the
 * agents' own episodes in the text protocol (tool call through the calculator, interpreter output
 * injected by the runtime, hints in updates), the first task fails (k unknown) and the rest
 * succeed from the hints, and the SFT examples train on exactly the expert's tokens.
 */
class ExpertPolicyTest {
  static ActorTestKit kit;
  static PolicyTokenizer tokenizer;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("expert", TestSystems.inMemory(""));
    tokenizer = PolicyTokenizer.bundled();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    tokenizer.close();
  }

  @Test
  void realAgentsWithTheExpertWriteProtocolTracesThatSolveEveryTaskAfterTheFirst() {
    var config = kit.system().settings().config();
    AgentSettings settings = AgentSettings.from(config);
    HiddenOperatorEnvironment env = new HiddenOperatorEnvironment();
    ExpertPolicy policy = new ExpertPolicy(r -> env.expert(), tokenizer, settings.protocol(), settings.prompt().noHintsText(), true);
    AgentDeps deps = new AgentDeps(policy, EnvironmentLookup.of(List.of(env)),
        ToolRegistry.of(new CalculatorTool(ToolSettings.from(config).calculator())), new PlanActReflectScorer(), settings);
    Pack pack = env.pack(PackSpec.train(7, 4));
    var agent = kit.spawn(AgentEntity.create("expert-1", deps));
    TestProbe<AgentEntity.PackFinished> done = kit.createTestProbe();
    TestProbe<StatusReply<Done>> ack = kit.createTestProbe();
    agent.tell(new AgentEntity.AssignPack(pack, "sft/g", Optional.of(done.getRef()), ack.getRef()));
    assertTrue(ack.receiveMessage().isSuccess());
    AgentEntity.PackFinished finished = done.receiveMessage(java.time.Duration.ofSeconds(20));
    assertEquals(3, finished.successes(), "every task after the first is solved from the hints");

    List<EpisodeRecord> episodes = PersistenceTestKit.create(kit.system()).persistedInStorage("Agent|expert-1").stream()
        .filter(e -> e instanceof AgentEvent.EpisodeCompleted).map(e -> ((AgentEvent.EpisodeCompleted) e).record()).toList();
    assertEquals(7, episodes.size());
    EpisodeRecord s0 = episodes.get(0);
    assertFalse(s0.rewards().success());
    assertEquals(2, s0.turns().size());
    assertTrue(s0.turns().get(0).sampledText().matches("<plan>No hints yet\\. Guess a\\*b\\.</plan><code lang=\"calculator\">\\d\\*\\d</code>"),
        s0.turns().get(0).sampledText());
    assertTrue(s0.turns().get(1).injectedText().startsWith("<interpreter>"), s0.turns().get(1).injectedText());
    EpisodeRecord u0 = episodes.get(1);
    assertEquals(EpisodeKind.UPDATE, u0.kind());
    assertTrue(u0.turns().get(0).sampledText().matches("<hints>a⊙b = a\\*b\\+\\d+-\\d\\*\\d</hints>"), u0.turns().get(0).sampledText());
    EpisodeRecord s1 = episodes.get(2);
    assertTrue(s1.rewards().success());
    assertTrue(s1.turns().get(0).sampledText().contains("<code lang=\"calculator\">"), s1.turns().get(0).sampledText());
    for (EpisodeRecord e : episodes) {
      for (Turn t : e.turns()) {
        assertArrayEquals(tokenizer.encode(t.sampledText()), t.sampledTokenIds(), "sampled ids are the tokenizer's");
        assertArrayEquals(tokenizer.encode(t.injectedText()), t.injectedTokenIds(), "injected ids are the tokenizer's");
      }
    }

    SftExamples.Built sft = SftExamples.of(episodes, 768);
    assertEquals(7, sft.sequences().size());
    TrainSequence first = sft.sequences().get(0);
    int prompt = s0.turns().get(0).injectedTokenIds().length;
    int call = s0.turns().get(0).sampledTokenIds().length;
    int output = s0.turns().get(1).injectedTokenIds().length;
    for (int t = 0; t < first.length(); t++) {
      boolean sampled = (t >= prompt && t < prompt + call) || t >= prompt + call + output;
      assertEquals(sampled ? 1f : 0f, first.lossMask()[t], "token " + t + ": the interpreter output is masked out");
    }
  }

  @Test
  void printOfPlainArithmeticBecomesACalculatorCall() {
    assertEquals(Optional.of("5*8+24-7*3"), ExpertPolicy.printedArithmetic("print(5*8+24-7*3)"));
    assertEquals(Optional.empty(), ExpertPolicy.printedArithmetic("import os; print(1)"));
    assertEquals(Optional.empty(), ExpertPolicy.printedArithmetic("print(x)"));
  }
}
