package dev.perennial.agents.testkit;

import akka.Done;
import akka.pattern.StatusReply;
import dev.perennial.agents.entity.AgentEntity;
import dev.perennial.agents.entity.AgentEvent;
import dev.perennial.environments.PackSpec;
import dev.perennial.persistence.EpisodeStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node in its own JVM, for the kill test: starts a one-node cluster on the H2 files in
 * {@code args[0]}, assigns agent {@code args[1]} the add-rule pack (seed {@code args[2]}, size
 * {@code args[3]}) under a scripted policy that takes {@code args[4]} ms per turn, and prints
 * {@code EPISODE <id>} for every episode the stream shows, until it is killed.
 */
public final class AgentNodeMain {
  private AgentNodeMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String agentId = args[1];
    long seed = Long.parseLong(args[2]);
    int size = Integer.parseInt(args[3]);
    Duration delay = Duration.ofMillis(Long.parseLong(args[4]));
    TestNode node = TestNode.start(dir, "child", TestSystems.REMEMBER, c -> TestSystems.deps(c, ScriptedPolicy.of(new CodScript()).withDelay(delay),
        List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    StatusReply<Done> reply = AgentEntity.ref(node.kit().system(), agentId)
        .<StatusReply<Done>>ask(r -> new AgentEntity.AssignPack(new AddRuleEnvironment().pack(PackSpec.train(seed, size)), "g", r),
            Duration.ofSeconds(10))
        .toCompletableFuture().get(15, TimeUnit.SECONDS);
    System.out.println("ASSIGNED " + reply.isSuccess());
    System.out.flush();
    EpisodeStream.live(node.kit().system(), AgentEvent.EpisodeCompleted.class, null)
        .runForeach(e -> {
          System.out.println("EPISODE " + e.event().record().episodeId());
          System.out.flush();
        }, node.kit().system());
    Thread.sleep(Long.MAX_VALUE);
  }
}
