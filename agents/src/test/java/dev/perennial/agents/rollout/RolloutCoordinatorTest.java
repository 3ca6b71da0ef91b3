package dev.perennial.agents.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.pattern.StatusReply;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentStatus;
import dev.perennial.agents.entity.EnvironmentLookup;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.policy.GenerationRequest;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestNode;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.environments.PackSpec;
import dev.perennial.persistence.CborRoundTrip;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Groups of sharded agents on one pack, on a one-node cluster over the H2 file journal. */
class RolloutCoordinatorTest {
  @TempDir static Path dir;
  static TestNode node;
  static ScriptedPolicy policy;
  static ActorRef<RolloutCoordinator.Command> coordinator;

  @BeforeAll
  static void start() {
    // the agent "busy" keeps thinking until released, so it can be caught in the middle of a pack
    policy = ScriptedPolicy.of(new CodScript()).holding(r -> r.requestId().startsWith("busy#"));
    node = TestNode.start(dir, "rollout", "", c -> TestSystems.deps(c, policy, List.of(new AddRuleEnvironment()),
        List.of(new TestTools.Echo())));
    coordinator = node.kit().spawn(RolloutCoordinator.create(EnvironmentLookup.of(List.of(new AddRuleEnvironment())),
        id -> AgentEntity.ref(node.kit().system(), id), Duration.ofSeconds(10)));
  }

  @AfterAll
  static void stop() {
    policy.releaseHeld();
    node.stop();
  }

  @Test
  void runsTheSamePackOnEveryAgentOfTheGroupAndReportsWhenAllFinish() {
    TestProbe<StatusReply<RolloutCoordinator.GroupFinished>> reply = node.kit().createTestProbe();
    List<String> agents = List.of("g1-a0", "g1-a1", "g1-a2");
    coordinator.tell(new RolloutCoordinator.RunGroup("grp-1", AddRuleEnvironment.NAME, PackSpec.train(21, 3), agents, reply.ref()));
    StatusReply<RolloutCoordinator.GroupFinished> done = reply.receiveMessage(Duration.ofSeconds(30));
    assertTrue(done.isSuccess(), done.toString());
    RolloutCoordinator.GroupFinished group = done.getValue();
    assertEquals(agents, group.results().stream().map(AgentEntity.PackFinished::agentId).toList());
    assertTrue(group.results().stream().allMatch(r -> r.completed() && r.packId().equals(group.packId()) && r.tasks() == 3));

    List<EpisodeRecord> episodes = node.awaitEpisodes(15, Duration.ofSeconds(10)).stream()
        .filter(e -> e.groupId().equals("grp-1")).toList();
    assertEquals(3 * 5, episodes.size());
    for (int position = 0; position < 3; position++) {
      int p = position;
      Set<String> tasks = episodes.stream().filter(e -> e.kind() == EpisodeKind.SOLVE && e.position() == p)
          .map(EpisodeRecord::taskId).collect(Collectors.toSet());
      assertEquals(1, tasks.size(), "same task for every agent at position " + p);
    }
    Set<Long> seeds = policy.requests().stream().filter(r -> r.requestId().endsWith("/s0/t0") && r.requestId().startsWith("g1-"))
        .map(GenerationRequest::seed).collect(Collectors.toSet());
    assertEquals(3, seeds.size(), "agents of a group sample with different seeds");
  }

  @Test
  void refusesMalformedGroups() {
    TestProbe<StatusReply<RolloutCoordinator.GroupFinished>> reply = node.kit().createTestProbe();
    coordinator.tell(new RolloutCoordinator.RunGroup("x", "nowhere", PackSpec.train(1, 2), List.of("a"), reply.ref()));
    assertEquals("unknown environment 'nowhere'", reply.receiveMessage().getError().getMessage());
    coordinator.tell(new RolloutCoordinator.RunGroup("x", AddRuleEnvironment.NAME, PackSpec.train(1, 2), List.of("a", "a"), reply.ref()));
    assertEquals("the agent ids of a group must differ", reply.receiveMessage().getError().getMessage());
    coordinator.tell(new RolloutCoordinator.RunGroup("x", AddRuleEnvironment.NAME, PackSpec.train(1, 2), List.of(), reply.ref()));
    assertEquals("a group needs at least one agent", reply.receiveMessage().getError().getMessage());
  }

  @Test
  void aBusyAgentFailsTheGroupAndReleasesTheOthers() {
    TestProbe<StatusReply<Done>> ack = node.kit().createTestProbe();
    AgentEntity.ref(node.kit().system(), "busy").tell(new AgentEntity.AssignPack(
        new AddRuleEnvironment().pack(PackSpec.train(5, 2)), "other", ack.ref()));
    assertTrue(ack.receiveMessage(Duration.ofSeconds(10)).isSuccess());

    TestProbe<StatusReply<RolloutCoordinator.GroupFinished>> reply = node.kit().createTestProbe();
    coordinator.tell(new RolloutCoordinator.RunGroup("grp-2", AddRuleEnvironment.NAME, PackSpec.train(22, 2),
        List.of("g2-a0", "busy", "g2-a1"), reply.ref()));
    String error = reply.receiveMessage(Duration.ofSeconds(15)).getError().getMessage();
    assertTrue(error.startsWith("agent busy did not take the pack of group grp-2: agent busy is busy with pack add-5-2"), error);
    TestProbe<AgentStatus> status = node.kit().createTestProbe();
    status.awaitAssert(Duration.ofSeconds(10), () -> {
      for (String id : List.of("g2-a0", "g2-a1")) {
        AgentEntity.ref(node.kit().system(), id).tell(new AgentEntity.GetStatus(status.ref()));
        assertEquals(AgentStatus.Activity.IDLE, status.receiveMessage().activity(), id);
      }
      return null;
    });
  }

  @Test
  void everyCoordinatorMessageRoundTrips() {
    TestProbe<Object> probe = node.kit().createTestProbe();
    var pack = new AddRuleEnvironment().pack(PackSpec.train(3, 2));
    var finished = new AgentEntity.PackFinished("a", pack.packId(), "g", 1, true, 2, 1, 1.0);
    List<Object> samples = List.of(
        new RolloutCoordinator.RunGroup("g", "add-rule", PackSpec.train(3, 2), List.of("a", "b"), probe.ref().narrow()),
        new RolloutCoordinator.GroupFinished("g", pack.packId(), List.of(finished)),
        new RolloutCoordinator.PackReady("g", pack),
        new RolloutCoordinator.PackFailed("g", "could not generate the pack"),
        new RolloutCoordinator.Assigned("g", "a", Optional.of("busy")),
        new RolloutCoordinator.AgentFinished(finished));
    samples.forEach(s -> CborRoundTrip.verify(node.kit().system(), s));
    Set<Class<?>> covered = new HashSet<>();
    samples.forEach(s -> covered.add(s.getClass()));
    List<Class<?>> missing = new ArrayList<>(Arrays.stream(RolloutCoordinator.Command.class.getPermittedSubclasses())
        .filter(c -> !covered.contains(c)).toList());
    assertEquals(List.of(), missing);
  }
}
