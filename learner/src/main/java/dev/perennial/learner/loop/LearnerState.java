package dev.perennial.learner.loop;

import dev.perennial.learner.ledger.EpisodeLedger;
import dev.perennial.learner.ledger.LedgerEntry;
import dev.perennial.persistence.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The learner's committed state: the last committed step and the policy version it produced
 * (version 0 is the initial checkpoint, {@code checkpoint} empty), where to resume the stream,
 * and the ledger of every decided episode. Immutable; the event handlers return the next state.
 */
public record LearnerState(long step, long version, String checkpoint, String sha256, String resumeOffset, EpisodeLedger ledger)
    implements CborSerializable {

  public static LearnerState empty() { return new LearnerState(0, 0, "", "", StreamCursor.BEGINNING, EpisodeLedger.empty()); }

  /** The state after {@code events} (what recovery computes): for reports and audits that read the journal. */
  public static LearnerState replay(List<? extends LearnerEvent> events) {
    LearnerState s = empty();
    for (LearnerEvent e : events) s = s.apply(e);
    return s;
  }

  public LearnerState apply(LearnerEvent e) {
    if (e instanceof LearnerEvent.StepCommitted c) return committed(c);
    return dropped((LearnerEvent.EpisodesDropped) e);
  }

  LearnerState committed(LearnerEvent.StepCommitted e) {
    List<LedgerEntry> decided = new ArrayList<>();
    e.trained().forEach(r -> decided.add(LedgerEntry.trained(r, e.step())));
    e.dropped().forEach(d -> decided.add(LedgerEntry.dropped(d.episode(), e.step(), d.reason())));
    return new LearnerState(e.step(), e.version(), e.checkpoint(), e.sha256(), e.resumeOffset(), ledger.with(decided));
  }

  LearnerState dropped(LearnerEvent.EpisodesDropped e) {
    List<LedgerEntry> decided = new ArrayList<>();
    e.dropped().forEach(d -> decided.add(LedgerEntry.dropped(d.episode(), step + 1, d.reason())));
    return new LearnerState(step, version, checkpoint, sha256, e.resumeOffset(), ledger.with(decided));
  }
}
