package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import dev.perennial.agents.deploy.AgentProfile;
import dev.perennial.agents.deploy.ExternalTask;
import dev.perennial.agents.deploy.Feedback;
import dev.perennial.agents.deploy.PolicySpec;
import dev.perennial.agents.deploy.Refusal;
import dev.perennial.agents.deploy.TaskReply;
import dev.perennial.agents.deploy.TaskView;
import dev.perennial.agents.entity.AgentEvent.*;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.episode.Rewards;
import dev.perennial.agents.episode.Turn;
import dev.perennial.agents.execution.ToolExecutor;
import dev.perennial.agents.execution.ToolFailureKind;
import dev.perennial.agents.execution.VerifierWorker;
import dev.perennial.agents.policy.FinishReason;
import dev.perennial.agents.policy.Generation;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.policy.SamplingParams;
import dev.perennial.agents.policy.Segment;
import dev.perennial.agents.rollout.RolloutCoordinator;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.environments.Pack;
import dev.perennial.environments.PackSpec;
import dev.perennial.environments.Score;
import dev.perennial.persistence.CborRoundTrip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command, reply, event and state of the agent survives jackson-cbor. A completeness check walks
 * the sealed hierarchies, so a new message without a sample here fails the test (the rollout
 * coordinator's internal messages are checked the same way in its own package).
 */
class SerializationTest {
  static ActorTestKit kit;

  @BeforeAll
  static void start() { kit = ActorTestKit.create("serialization", TestSystems.inMemory("")); }

  @AfterAll
  static void stop() { kit.shutdownTestKit(); }

  @Test
  void everyProtocolMessageEventAndStateRoundTrips() {
    TestProbe<Object> probe = kit.createTestProbe();
    Pack pack = new AddRuleEnvironment().pack(PackSpec.train(3, 2));
    Turn turn = new Turn("<task>x=1</task>", new int[] {60, 116}, "<answer>2</answer>", new int[] {60, 97}, new float[] {-0.1f, -2.5f},
        FinishReason.STOP, 7);
    ToolCall call = new ToolCall("a#1/s0/c0", "python", "print(1)");
    Rewards rewards = new Rewards(1.0, 1.0, 0.0, true);
    EpisodeRecord record = new EpisodeRecord("a#1/s0", "a", "add-rule", pack.packId(), "g", 0, 2, EpisodeKind.SOLVE, "t0", 7,
        List.of(turn), rewards, "2", "k=1", "correct", false, 1, 0, 10, 20);
    Generation generation = new Generation("<answer>2</answer>", new int[] {1, 2}, new float[] {-0.5f, -0.25f}, FinishReason.EOS,
        List.of(new int[] {3, 4}, new int[0]), 7, 1, 2);
    Episode episode = Episode.start("a#1/s0", EpisodeKind.SOLVE, 0, "t0", "k=1", "<task>x=1</task>", 10)
        .withTurn(turn, Optional.of(call), "", false);
    PackRun run = PackRun.start(pack, "g", 1, Optional.of(probe.ref().narrow()));
    Counters counters = new Counters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    LastSolve last = new LastSolve("a#1/s0", 0, "<answer>2</answer>", 1.0, true, "correct");
    AgentState state = new AgentState("k=1", Optional.of(run), Optional.of(episode), Optional.of(last), counters);
    ToolExecutor.Completed completed = new ToolExecutor.Completed(call.callId(), ToolOutput.ok("1\n"), 12);
    ToolExecutor.Failed failed = new ToolExecutor.Failed(call.callId(), ToolFailureKind.TIMEOUT, "timed out after 10 s", 10_000);
    ToolExecutor.Crashed crashed = new ToolExecutor.Crashed(call.callId(), "the python tool failed: IOException", 2);
    VerifierWorker.Verdict verdict = new VerifierWorker.Verdict("a#1/s0", Score.pass("2", "correct"), "well done", 1, "ok");
    VerifierWorker.Unscored unscored = new VerifierWorker.Unscored("a#1/s0", "verification timed out after 30 s");
    AgentEntity.PackFinished finished = new AgentEntity.PackFinished("a", pack.packId(), "g", 1, true, 2, 1, 1.0);
    // deployed agents
    AgentProfile profile = new AgentProfile(PolicySpec.parse("openai:http://127.0.0.1:8000/v1", "qwen"), List.of("python"),
        "be brief", Optional.of("math"), "k=0");
    ExternalTask task = new ExternalTask("q1", "x=1", Optional.of("2"), Optional.of("exact"), Map.of("tolerance", "0"));
    Feedback feedback = new Feedback(Optional.of(0.5), Optional.of(true), "close enough");
    TaskEntry held = TaskEntry.accepted(task, "", 3, Optional.of(probe.ref().narrow()), 1).solving("a#t3/s")
        .solved("2", false).answered(Optional.of(episode.finished("2", false, "answered")), 4);
    TaskEntry scored = TaskEntry.accepted(task, "exact", 4, Optional.empty(), 1).scored(last, rewards, "correct").answered(Optional.empty(), 5);
    Deployment deployment = Deployment.start(profile, 1).onAccepted(held).onAccepted(scored).onAnswered("q1", Optional.empty(), 6);
    AgentState deployedState = new AgentState("k=1", Optional.empty(), Optional.of(episode), Optional.empty(), counters,
        Optional.of(deployment));
    TaskView view = held.view("a");

    List<Object> samples = new ArrayList<>(List.of(
        // commands, public and internal
        new AgentEntity.AssignPack(pack, "g", Optional.of(probe.ref().narrow()), probe.ref().narrow()),
        new AgentEntity.AssignPack(pack, "", probe.ref().narrow()),
        new AgentEntity.GetStatus(probe.ref().narrow()),
        new AgentEntity.ResumePack(probe.ref().narrow()),
        new AgentEntity.AbandonPack("operator", probe.ref().narrow()),
        new AgentEntity.TurnReady("a#1/s0", 0, generation),
        new AgentEntity.TurnFailed("a#1/s0", 0, "the policy did not answer in time", true),
        new AgentEntity.RetryTurn("a#1/s0", 0),
        new AgentEntity.ToolOutcomeReceived(completed),
        new AgentEntity.ToolOutcomeReceived(failed),
        new AgentEntity.ToolOutcomeReceived(crashed),
        new AgentEntity.ExecutorStopped("a#1/s0", call.callId()),
        new AgentEntity.VerifierOutcomeReceived(verdict),
        new AgentEntity.VerifierOutcomeReceived(unscored),
        new AgentEntity.VerifierStopped("a#1/s0"),
        new AgentEntity.PassivateIfIdle(),
        new AgentEntity.Deploy(profile, probe.ref().narrow()),
        new AgentEntity.AssignTask(task, Optional.of(probe.ref().narrow()), probe.ref().narrow()),
        new AgentEntity.AssignTask(ExternalTask.of("q2", "x=2"), Optional.empty(), probe.ref().narrow()),
        new AgentEntity.ProvideFeedback("q1", feedback, probe.ref().narrow()),
        new AgentEntity.GetTask("q1", probe.ref().narrow()),
        new AgentEntity.ResumeWork(),
        new AgentEntity.TaskResult(view),
        new TaskReply.Ok(view),
        new TaskReply.Refused(Refusal.QUEUE_FULL, "full"),
        new DeployReply.Ok(AgentStatus.of("a", deployedState)),
        new DeployReply.Refused(Refusal.CONFLICT, "exists"),
        // replies
        finished,
        AgentStatus.of("a", state),
        AgentStatus.of("a", AgentState.empty("no hints available")),
        StatusReply.ack(),
        // events
        new PackAssigned(pack, "g", 1, "no hints available", Optional.of(probe.ref().narrow()), 5),
        new PackAssigned(pack, "g", 1, "no hints available", Optional.empty(), 5),
        new EpisodeStarted("a#1/s0", EpisodeKind.SOLVE, 0, "t0", "<hints>none</hints>", 6),
        new TurnGenerated("a#1/s0", turn, Optional.of(call), "", false),
        new TurnGenerated("a#1/s0", turn, Optional.empty(), "<interpreter>error: x</interpreter>\n", true),
        new ToolCallCompleted("a#1/s0", call, new ToolOutput("count=1", true, true), List.of("inc"), "<interpreter>1</interpreter>\n", 3),
        new ToolCallFailed("a#1/s0", call, ToolFailureKind.CRASHED, "kaboom", List.of(), "<interpreter>error: kaboom</interpreter>\n"),
        new SolveFinished("a#1/s0", "2", false, "answered"),
        new EpisodeScored("a#1/s0", rewards, "correct", "correct"),
        new ContextUpdated("a#1/u0", "k=1", true, ""),
        new EpisodeCompleted(record),
        new PackCompleted(pack.packId(), 1, 1, 1.0),
        new PackHalted("the policy failed", 9),
        new PackResumed(10),
        new PackAbandoned("operator", 11),
        new AgentDeployed(profile, "k=0", 12),
        new TaskAccepted(task, "exact", 3, Optional.of(probe.ref().narrow()), 13),
        new TaskAccepted(ExternalTask.of("q2", "x=2"), "", 4, Optional.empty(), 13),
        new TaskAnswered("q1", "2", true, 14),
        new FeedbackReceived("q1", feedback, rewards, 15),
        new FeedbackReceived("q1", new Feedback(Optional.empty(), Optional.empty(), ""), Rewards.NONE, 15),
        new TaskFailed("q1", "the policy failed", 16),
        new TaskExpired("q1", "no feedback", 17),
        new TaskForgotten("q1"),
        deployedState, deployment, held, scored,
        // state
        state,
        AgentState.empty("no hints available"),
        episode.finished("2", true, "max turns"),
        run, last, counters,
        // child outcomes
        completed, failed, crashed, verdict, unscored,
        // rollout coordinator
        new RolloutCoordinator.RunGroup("g", "add-rule", PackSpec.train(3, 2), List.of("a", "b"), probe.ref().narrow()),
        new RolloutCoordinator.GroupFinished("g", pack.packId(), List.of(finished)),
        // policy and episode types carried inside the above
        new GenerationRequest("r", List.of(new Segment.Injected("p"), new Segment.Generated("g", new int[] {1})),
            new SamplingParams(1.0, 1.0, 0, 16, List.of("</code>")), 42),
        generation, record, turn, rewards, call));

    for (Object sample : samples) CborRoundTrip.verify(kit.system(), sample);

    Set<Class<?>> covered = new HashSet<>();
    samples.forEach(s -> covered.add(s.getClass()));
    List<Class<?>> missing = new ArrayList<>();
    for (Class<?> root : List.of(AgentEntity.Command.class, AgentEvent.class, ToolExecutor.Outcome.class,
        VerifierWorker.Outcome.class)) {
      Arrays.stream(root.getPermittedSubclasses()).filter(c -> !covered.contains(c)).forEach(missing::add);
    }
    assertEquals(List.of(), missing, "messages without a serialization sample");
  }

  @Test
  void aSnapshotFromBeforeDeploymentsStillReads() throws Exception {
    Counters counters = new Counters(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    AgentState state = new AgentState("k=1", Optional.empty(), Optional.empty(), Optional.empty(), counters);
    var mapper = akka.serialization.jackson.JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-cbor", Optional.empty());
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.valueToTree(state);
    tree.remove("deployment");
    AgentState old = mapper.treeToValue(tree, AgentState.class);
    assertEquals(Optional.empty(), old.deployment());
    assertEquals(state, old);
  }

  @Test
  void roundTripPreservesExactTokenIdsAndLogProbs() {
    Turn turn = new Turn("p", new int[] {1, 2, 3}, "s", new int[] {65535, 0, -1}, new float[] {-0.0f, -1e-30f, Float.NEGATIVE_INFINITY},
        FinishReason.LENGTH, 3);
    Turn copy = CborRoundTrip.verify(kit.system(), turn);
    assertTrue(Arrays.equals(turn.sampledTokenIds(), copy.sampledTokenIds()));
    assertTrue(Arrays.equals(turn.logprobs(), copy.logprobs()));
  }
}
