package dev.perennial.learner.loop;

import dev.perennial.agents.episode.EpisodeRecord;
import dev.perennial.learner.ledger.EpisodeLedger;
import dev.perennial.learner.rl.DynamicBatch;
import dev.perennial.learner.rl.RlSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The learner's undecided episodes between the stream and a training step: the group buffer, the
 * complete groups waiting for the trainer, the dynamic-sampling batch being filled, and the
 * stream cursor that knows how far back a restart must re-read. Decisions it makes (drops) are
 * returned for the learner to persist; nothing here is persistent, because after a crash the
 * learner re-reads every undecided episode from the stream. Owned by the learner actor.
 */
final class Intake {
  private final LearnerSettings settings;
  private final RlSettings rl;
  private final GroupBuffer buffer;
  private final StreamCursor cursor;
  private final ArrayDeque<CompleteGroup> complete = new ArrayDeque<>();
  private DynamicBatch<CompleteGroup> batch;

  Intake(LearnerSettings settings, RlSettings rl, String startOffset) {
    this.settings = settings;
    this.rl = rl;
    this.buffer = new GroupBuffer(settings.groupSize());
    this.cursor = new StreamCursor(startOffset);
    this.batch = emptyBatch();
  }

  /** What an offered episode led to: drops to persist, and whether a group became complete. */
  record Offered(List<Dropped> drops, boolean duplicate, boolean groupCompleted) {}

  /**
   * @param ledger   decided episodes (skipped by id)
   * @param inFlight ids of the episodes in the step being trained
   */
  Offered offer(EpisodeSource.Fed fed, EpisodeLedger ledger, Set<String> inFlight, long nowMillis) {
    EpisodeRecord e = fed.record();
    if (ledger.contains(e.episodeId()) || buffer.contains(e.episodeId()) || inFlight.contains(e.episodeId())) {
      cursor.passed(fed.offset());
      return new Offered(List.of(), true, false);
    }
    cursor.arrived(e.episodeId(), fed.offset());
    if (settings.excluded(e.groupId())) {
      return new Offered(List.of(Dropped.of(e, "excluded: group " + e.groupId() + " is not for training (exclude-group-prefixes "
          + settings.excludeGroupPrefixes() + ")")), false, false);
    }
    GroupBuffer.Added added = buffer.add(e, nowMillis);
    if (added instanceof GroupBuffer.Refused r) {
      return new Offered(List.of(Dropped.of(e, "refused: " + r.reason())), false, false);
    }
    if (added instanceof GroupBuffer.Completed c) {
      complete.add(c.group());
      return new Offered(List.of(), false, true);
    }
    return new Offered(List.of(), false, false);
  }

  /**
   * Fills the batch from the complete groups (admission against {@code version}, then dynamic
   * sampling) and returns the step's data once it holds {@code groups-per-batch} groups.
   *
   * @param exhausted set when dynamic sampling gave up (tasks too easy or too hard); the batch keeps its groups
   */
  record Assembly(Optional<StepBatch> step, List<Dropped> drops, int groupsKept, int groupsDropped, Optional<String> exhausted) {}

  Assembly assemble(long version, int maxSequenceTokens) {
    GroupAdmission admission = new GroupAdmission(settings.maxStaleness(), settings.minRuns(), maxSequenceTokens, rl.rewards());
    List<Dropped> drops = new ArrayList<>();
    Optional<String> exhausted = Optional.empty();
    while (!batch.full() && !complete.isEmpty()) {
      GroupAdmission.Decision d = admission.admit(complete.poll(), version);
      drops.addAll(d.drops());
      if (d.kept().isEmpty()) continue;
      CompleteGroup g = d.kept().get();
      int droppedBefore = batch.dropped();
      try {
        batch = batch.offer(List.of(g), admission::hasSignal);
      } catch (DynamicBatch.Exhausted x) {
        @SuppressWarnings("unchecked")
        DynamicBatch<CompleteGroup> b = (DynamicBatch<CompleteGroup>) x.batch();
        exhausted = Optional.of(x.getMessage());
        batch = new DynamicBatch<>(b.groups(), b.targetGroups(), b.maxRounds(), b.filter(), 0, b.kept(), b.dropped(), b.surplus());
      }
      if (batch.dropped() > droppedBefore) {
        g.episodes().forEach(e -> drops.add(Dropped.of(e, "zero variance: every run of group " + g.groupId()
            + " got the same rewards, so every advantage is 0 (dynamic sampling)")));
      }
    }
    if (!batch.full()) return new Assembly(Optional.empty(), drops, batch.kept(), batch.dropped(), exhausted);
    DynamicBatch<CompleteGroup> full = batch;
    batch = emptyBatch();
    StepBatch step = StepBatch.of(full.groups(), rl, maxSequenceTokens);
    return new Assembly(Optional.of(step), drops, full.groups().size(), full.dropped(), exhausted);
  }

  /** Drops groups that have waited longer than the timeout without completing (a run abandoned or halted). */
  List<Dropped> evictIncomplete(long nowMillis) {
    List<Dropped> drops = new ArrayList<>();
    for (String groupId : buffer.waitingSince(nowMillis - settings.incompleteGroupTimeout().toMillis())) {
      String progress = buffer.progress(groupId);
      buffer.remove(groupId).ifPresent(g -> g.episodes().forEach(e -> drops.add(Dropped.of(e,
          "incomplete: group " + groupId + " had " + progress + " after " + settings.incompleteGroupTimeout()
              + " (incomplete-group-timeout); a run was abandoned or halted"))));
    }
    return drops;
  }

  void decided(Collection<String> episodeIds) { episodeIds.forEach(cursor::decided); }

  String lowWater() { return cursor.lowWater(); }

  String lastOffset() { return cursor.last(); }

  /** Complete groups not yet in a step: what backpressure bounds. */
  int readyGroups() { return complete.size() + batch.groups().size(); }

  int pendingGroups() { return buffer.pendingGroups(); }

  int pendingEpisodes() { return buffer.pendingEpisodes(); }

  private DynamicBatch<CompleteGroup> emptyBatch() {
    int target = rl.groupsPerBatch();
    return DynamicBatch.empty(target, rl.maxGenerationBatches() * target, rl.dynamicSampling());
  }
}
