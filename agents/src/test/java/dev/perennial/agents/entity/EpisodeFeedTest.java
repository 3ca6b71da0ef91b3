package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.Done;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.pattern.StatusReply;
import akka.stream.javadsl.Sink;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.AddRuleEnvironment;
import dev.perennial.agents.testkit.CodScript;
import dev.perennial.agents.testkit.ScriptedPolicy;
import dev.perennial.agents.testkit.TestNode;
import dev.perennial.agents.testkit.TestSystems;
import dev.perennial.agents.testkit.TestTools;
import dev.perennial.environments.PackSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A consumer of the episode stream that stores its offset and resumes from it. */
class EpisodeFeedTest {
  @TempDir Path dir;

  @Test
  void aConsumerResumesFromItsStoredOffsetWithoutSkippingOrRepeating() throws Exception {
    TestNode node = TestNode.start(dir, "feed", "", c -> TestSystems.deps(c, ScriptedPolicy.of(new CodScript()),
        List.of(new AddRuleEnvironment()), List.of(new TestTools.Echo())));
    try {
      TestProbe<StatusReply<Done>> ack = node.kit().createTestProbe();
      for (String agent : List.of("f1", "f2")) {
        AgentEntity.ref(node.kit().system(), agent)
            .tell(new AgentEntity.AssignPack(new AddRuleEnvironment().pack(PackSpec.train(31, 3)), "g", ack.ref()));
        ack.receiveMessage(Duration.ofSeconds(10));
      }
      List<EpisodeRecord> all = node.awaitEpisodes(10, Duration.ofSeconds(20));

      var firstFour = EpisodeFeed.current(node.kit().system(), null).take(4)
          .runWith(Sink.seq(), node.kit().system()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      String stored = firstFour.get(3).offset();
      var rest = EpisodeFeed.live(node.kit().system(), stored).take(6)
          .runWith(Sink.seq(), node.kit().system()).toCompletableFuture().get(10, TimeUnit.SECONDS);

      List<String> consumed = new java.util.ArrayList<>();
      firstFour.forEach(e -> consumed.add(e.record().episodeId()));
      rest.forEach(e -> consumed.add(e.record().episodeId()));
      assertEquals(all.stream().map(EpisodeRecord::episodeId).toList(), consumed);
    } finally {
      node.stop();
    }
  }
}
