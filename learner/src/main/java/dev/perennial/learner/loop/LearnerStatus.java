package dev.perennial.learner.loop;

import dev.perennial.persistence.CborSerializable;
import java.util.Map;
import java.util.Optional;

/**
 * What the learner reports about itself ({@code GetStatus}).
 *
 * @param checkpoint   the committed version's checkpoint directory ("" for version 0, the initial weights)
 * @param trainingStep the step being trained now, if any
 * @param finished     {@code max-steps} reached: it trains no more and has stopped reading
 * @param lastError    the latest problem a user should see (dynamic sampling gave up, a step failed, …)
 */
public record LearnerStatus(long step, long version, String checkpoint, String sha256, long trained, long dropped, Map<String, Integer> decidedByCategory,
    int pendingGroups, int pendingEpisodes, int readyGroups, Optional<Long> trainingStep, boolean modelReady, boolean finished,
    long duplicatesSkipped, Optional<String> lastError) implements CborSerializable {}
