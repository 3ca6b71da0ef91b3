package dev.perennial.runtime.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perennial.learner.loop.Dropped;
import dev.perennial.learner.loop.LearnerEvent;
import dev.perennial.learner.loop.LearnerState;
import dev.perennial.runtime.train.LedgerAudit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The exactly-once check of the real learner, from its own journal: every episode id decided
 * (trained or dropped) in at most one event, the ledger audit against the episode stream (nothing
 * before the resume offset lost, no unknown ids), and steps and versions 1..n without gaps or repeats.
 */
record LearnerCheck(List<Long> steps, List<Long> versions, int decided, List<String> decidedTwice, LedgerAudit audit) {

  static LearnerCheck of(JournalReader reader) {
    List<LearnerEvent> events = reader.learner();
    List<Long> steps = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    Map<String, Integer> decisions = new HashMap<>();
    for (LearnerEvent e : events) {
      if (e instanceof LearnerEvent.StepCommitted c) {
        steps.add(c.step());
        versions.add(c.version());
        c.trained().forEach(r -> decisions.merge(r.episodeId(), 1, Integer::sum));
        c.dropped().forEach(d -> decisions.merge(d.episode().episodeId(), 1, Integer::sum));
      } else {
        for (Dropped d : ((LearnerEvent.EpisodesDropped) e).dropped()) decisions.merge(d.episode().episodeId(), 1, Integer::sum);
      }
    }
    List<String> twice = decisions.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    // replaying refuses an id decided twice as well; the audit needs the replayed ledger and resume offset
    LedgerAudit audit = twice.isEmpty() ? reader.audit(LearnerState.replay(events)) : null;
    return new LearnerCheck(steps, versions, decisions.size(), twice, audit);
  }

  void assertExactlyOnce(long expectedSteps) {
    assertEquals(List.of(), decidedTwice, "episodes decided (trained or dropped) twice");
    assertEquals(LongStream.rangeClosed(1, expectedSteps).boxed().toList(), steps, "learner steps 1..n, no gaps or repeats");
    assertEquals(LongStream.rangeClosed(1, expectedSteps).boxed().toList(), versions, "published versions 1..n, no gaps or repeats");
    assertEquals(List.of(), audit.lost(), "episodes lost (before the resume offset, not in the ledger): " + summary());
    assertEquals(List.of(), audit.unknown(), "ledger ids that are not in the episode stream");
    assertEquals(audit.episodesInJournal(), audit.distinctEpisodes(), "episode ids in the stream are unique");
    assertTrue(audit.trained() > 0, "episodes trained: " + summary());
    assertTrue(audit.ok(), summary());
  }

  String summary() {
    return "steps " + steps + ", versions " + versions + ", decided " + decided
        + (audit == null ? "" : ", " + audit.episodesInJournal() + " episodes in the stream, " + audit.trained() + " trained, "
            + audit.dropped() + " dropped " + audit.byCategory() + ", " + audit.pending() + " pending after " + audit.resumeOffset()
            + ", lost " + audit.lost().size() + ", unknown " + audit.unknown().size());
  }
}
