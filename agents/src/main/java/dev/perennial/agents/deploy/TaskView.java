package dev.perennial.agents.deploy;

import dev.perennial.persistence.CborSerializable;
import java.util.Optional;

/**
 * An outside task as its sender sees it: status, answer, how it was judged, and what the agent
 * learned from it.
 *
 * @param verifier        the verifier that checks it ("" when it waits for outside feedback)
 * @param reward          the solve episode's reward once known (verifier or feedback)
 * @param verdict         the verifier's reason, or the outside feedback text
 * @param hintsAfter      the context the task's update episode wrote
 * @param error           why it failed or expired, or a note on its update ("" when none)
 */
public record TaskView(
    String agentId,
    String taskId,
    int position,
    TaskStatus status,
    String text,
    String answer,
    boolean truncated,
    String verifier,
    Optional<Double> reward,
    Optional<Boolean> success,
    String verdict,
    String hintsAfter,
    String solveEpisodeId,
    String updateEpisodeId,
    String error,
    long acceptedAtMillis,
    long answeredAtMillis,
    long finishedAtMillis) implements CborSerializable {}
