package dev.perennial.agents.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorSystem;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.perennial.agents.episode.EpisodeKind;
import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.agents.testkit.TestSystems;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Assertions shared by the recovery tests. */
final class AgentRecovery {
  private AgentRecovery() {}

  /** One agent's pack of {@code n} tasks: s0 u0 s1 u1 … s(n−1), each once, and each update's hints used by the next solve. */
  static void assertCompleteSequence(List<EpisodeRecord> episodes, int n) {
    assertEquals(2 * n - 1, episodes.size(), "episodes: " + episodes.stream().map(EpisodeRecord::episodeId).toList());
    assertEquals(episodes.size(), new HashSet<>(episodes.stream().map(EpisodeRecord::episodeId).toList()).size(), "duplicates");
    for (int i = 0; i < episodes.size(); i++) {
      EpisodeRecord e = episodes.get(i);
      assertEquals(i % 2 == 0 ? EpisodeKind.SOLVE : EpisodeKind.UPDATE, e.kind(), e.episodeId());
      assertEquals(i / 2, e.position(), e.episodeId());
      if (e.kind() == EpisodeKind.UPDATE) assertEquals(e.hints(), episodes.get(i + 1).hints(), "context carried to the next solve");
    }
  }

  /** {@code after} starts with exactly the events of {@code before} (compared by content). */
  static void assertPrefix(ActorSystem<?> system, List<Object> before, List<Object> after) {
    ObjectMapper json = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    for (int i = 0; i < before.size(); i++) {
      assertEquals(before.get(i).getClass(), after.get(i).getClass(), "event " + (i + 1));
      assertEquals(json.valueToTree(before.get(i)), json.valueToTree(after.get(i)), "event " + (i + 1) + " unchanged");
    }
  }

  static void awaitTrue(BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + TestSystems.patience().toMillis();
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) throw new AssertionError("condition not met in " + TestSystems.patience());
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
