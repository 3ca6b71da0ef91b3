package dev.perennial.agents.execution;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.perennial.environments.Score;
import dev.perennial.environments.TaskSession;
import dev.perennial.environments.verify.FormatScorer;
import dev.perennial.persistence.CborSerializable;
import java.time.Duration;
import org.slf4j.event.Level;
import java.util.concurrent.Executor;

/**
 * Scores one finished solve episode for an {@code AgentEntity}, as its child: the task session's
 * verdict on the answer, the environment's feedback text, and the format score of the response.
 * Verifiers can be slow (a CAS, a code sandbox), so the work runs on {@value #DISPATCHER} under a
 * timeout. Supervised like the tool executor: restarted with backoff after a crash (scoring is
 * pure, so re-running it is safe), stopped after the allowed restarts; replies once and stops.
 */
public final class VerifierWorker {
  public static final String DISPATCHER = "perennial-verifier-dispatcher";

  /** Local only: the job carries the live task session. */
  public sealed interface Command {}

  private record Done(Verdict verdict) implements Command {}

  private record Errored(Throwable error) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Verdict.class, name = "verdict"),
    @JsonSubTypes.Type(value = Unscored.class, name = "unscored")
  })
  public sealed interface Outcome extends CborSerializable {
    String episodeId();
  }

  /** The verifier's verdict, the environment feedback and the format score. */
  public record Verdict(String episodeId, Score score, String feedback, int format, String formatReason)
      implements Outcome {}

  /** Scoring did not finish (timeout); {@code reason} is recorded with the episode. */
  public record Unscored(String episodeId, String reason) implements Outcome {}

  /**
   * @param answer         the extracted final answer (may be empty)
   * @param responseText   all generated text of the episode, tool output excluded
   * @param malformedCalls tool calls the runtime could not run, for the format score
   */
  public record Job(String episodeId, TaskSession session, String answer, String responseText, int malformedCalls,
      FormatScorer formatScorer, Duration timeout) {}

  private VerifierWorker() {}

  public static Behavior<Command> supervised(Job job, SupervisionSettings s, ActorRef<Outcome> replyTo) {
    return Behaviors.supervise(create(job, replyTo))
        .onFailure(ToolCrashed.class, SupervisorStrategy.restartWithBackoff(s.minBackoff(), s.maxBackoff(), s.randomFactor())
            .withMaxRestarts(s.verifierRestarts()).withLogLevel(Level.WARN));
  }

  static Behavior<Command> create(Job job, ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
      BlockingCall<Verdict> call = BlockingCall.start(blocking, () -> score(job));
      ctx.pipeToSelf(call.result(), (v, err) -> err == null ? new Done(v) : new Errored(ToolExecutor.unwrap(err)));
      timers.startSingleTimer(TimedOut.INSTANCE, TimedOut.INSTANCE, job.timeout());
      return Behaviors.receive(Command.class)
          .onMessage(Done.class, d -> {
            replyTo.tell(d.verdict());
            return Behaviors.stopped();
          })
          .onMessage(Errored.class, e -> {
            throw new ToolCrashed("verifier failed: " + ToolExecutor.describe(e.error()), e.error());
          })
          .onMessageEquals(TimedOut.INSTANCE, () -> {
            call.interrupt();
            replyTo.tell(new Unscored(job.episodeId(), "verification timed out after " + ToolExecutor.seconds(job.timeout())));
            return Behaviors.stopped();
          })
          .build();
    }));
  }

  private static Verdict score(Job job) {
    Score score = job.session().score(job.answer());
    String feedback = job.session().feedback(score);
    FormatScorer.FormatScore format = job.formatScorer().score(job.responseText(), job.malformedCalls());
    int value = Math.max(-1, Math.min(1, format.value()));
    return new Verdict(job.episodeId(), score, feedback == null ? "" : feedback, value, format.reason());
  }
}
