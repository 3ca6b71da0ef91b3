package dev.perennial.learner.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.testing.Episodes;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupBufferTest {
  private static final double[][] TWO_RUNS = {{0, 1, 1, 0, -0.1}, {0, 0, 1, -0.1, 0}};

  @Test
  void aGroupCompletesWithGRunsOfTwoNMinusOneEpisodesAndIgnoresRedeliveries() {
    List<EpisodeRecord> episodes = Episodes.group("g", 0, TWO_RUNS);
    assertEquals(10, episodes.size());
    GroupBuffer buffer = new GroupBuffer(2);
    for (int i = 0; i < 9; i++) {
      assertInstanceOf(GroupBuffer.Held.class, buffer.add(episodes.get(i), 0));
      assertInstanceOf(GroupBuffer.Duplicate.class, buffer.add(episodes.get(i), 0));
    }
    assertEquals("9 of 10 episodes", buffer.progress("g"));
    var done = assertInstanceOf(GroupBuffer.Completed.class, buffer.add(episodes.get(9), 0));
    assertEquals(10, done.group().episodes().size());
    assertEquals(2, done.group().byRun().size());
    assertEquals(0, buffer.pendingEpisodes());
  }

  @Test
  void theRecordedGroupSizeWinsOverTheDefault() {
    List<EpisodeRecord> episodes = Episodes.group("g", 0, TWO_RUNS).stream().map(e -> e.withGroupSize(2)).toList();
    GroupBuffer buffer = new GroupBuffer(8);
    GroupBuffer.Added last = null;
    for (EpisodeRecord e : episodes) last = buffer.add(e, 0);
    assertInstanceOf(GroupBuffer.Completed.class, last);
  }

  @Test
  void episodesThatDoNotFitTheirGroupAreRefusedWithAReason() {
    GroupBuffer buffer = new GroupBuffer(1);
    buffer.add(Episodes.solve("g", "a", 0, 3, 1, 0), 0);
    var samePlace = Episodes.solve("g", "a", 0, 3, 1, 0);
    var other = new EpisodeRecord("other-id", samePlace.agentId(), samePlace.environment(), samePlace.packId(), "g", 0, 3,
        samePlace.kind(), "t0", 0, samePlace.turns(), samePlace.rewards(), "", "", "", false, 0, 0, 0, 0);
    assertTrue(((GroupBuffer.Refused) buffer.add(other, 0)).reason().contains("already has a SOLVE episode at position 0"));
    assertTrue(((GroupBuffer.Refused) buffer.add(Episodes.solve("g", "b", 1, 3, 1, 0), 0)).reason().contains("one too many"));
    assertTrue(((GroupBuffer.Refused) buffer.add(Episodes.solve("g", "a", 1, 4, 1, 0), 0)).reason().contains("pack size"));
    assertTrue(((GroupBuffer.Refused) buffer.add(Episodes.update("h", "a", 2, 3, 0, 0), 0)).reason().contains("outside"));
  }

  @Test
  void incompleteGroupsCanBeFoundByAgeAndRemoved() {
    GroupBuffer buffer = new GroupBuffer(2);
    buffer.add(Episodes.solve("old", "a", 0, 2, 1, 0), 100);
    buffer.add(Episodes.solve("new", "b", 0, 2, 1, 0), 500);
    assertEquals(List.of("old"), buffer.waitingSince(200));
    assertEquals(1, buffer.remove("old").orElseThrow().episodes().size());
    assertEquals(1, buffer.pendingGroups());
  }
}
