package dev.perennial.agents.execution;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.perennial.agents.tools.Tool;
import dev.perennial.agents.tools.ToolCall;
import dev.perennial.agents.tools.ToolContext;
import dev.perennial.agents.tools.ToolFailure;
import dev.perennial.agents.tools.ToolOutput;
import dev.perennial.persistence.CborSerializable;
import java.time.Duration;
import org.slf4j.event.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one tool call for an {@code AgentEntity}, as its child. Spawned per call through
 * {@link #supervised}: a crash (any exception but {@link ToolFailure}) is reported to the agent and
 * thrown as {@link ToolCrashed}, so the supervisor restarts the executor with backoff, which starts
 * the call again; a permanent failure stops it, and the agent's death watch turns the stop into a
 * failed call. {@link Tool#run} is blocking and runs on {@value #DISPATCHER}; a keyed timer enforces
 * the per-call timeout, then calls {@link Tool#cancel} and interrupts the call. The executor answers
 * exactly once ({@link Completed} or {@link Failed}) and stops.
 */
public final class ToolExecutor {
  public static final String DISPATCHER = "perennial-tools-dispatcher";

  /** Local only: {@link Job} carries a live {@link ToolContext} (the environment session), never serialized. */
  public sealed interface Command {}

  private record Finished(ToolOutput output) implements Command {}

  private record Errored(Throwable error) implements Command {}

  private enum TimedOut implements Command { INSTANCE }

  /** What the agent hears. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Completed.class, name = "completed"),
    @JsonSubTypes.Type(value = Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = Crashed.class, name = "crashed")
  })
  public sealed interface Outcome extends CborSerializable {
    String callId();
  }

  public record Completed(String callId, ToolOutput output, long millis) implements Outcome {}

  public record Failed(String callId, ToolFailureKind kind, String reason, long millis) implements Outcome {}

  /** A crash about to be retried by a restart (or, after the last restart, about to stop the executor). */
  public record Crashed(String callId, String reason, int attempt) implements Outcome {}

  public record Job(String episodeId, ToolCall call, ToolContext context, Duration timeout) {}

  private ToolExecutor() {}

  /** The executor under its supervisor: restart with backoff on {@link ToolCrashed}, stop on anything else. */
  public static Behavior<Command> supervised(Tool tool, Job job, SupervisionSettings s, ActorRef<Outcome> replyTo) {
    AtomicInteger attempts = new AtomicInteger(); // outlives restarts: the factory below is re-run, this is not
    Behavior<Command> restartable = Behaviors.supervise(create(tool, job, attempts, replyTo))
        .onFailure(ToolCrashed.class, SupervisorStrategy.restartWithBackoff(s.minBackoff(), s.maxBackoff(), s.randomFactor())
            .withMaxRestarts(s.toolRestarts()).withLogLevel(Level.WARN));
    return Behaviors.supervise(restartable).onFailure(ExecutorGaveUp.class, SupervisorStrategy.stop().withLogLevel(Level.WARN));
  }

  static Behavior<Command> create(Tool tool, Job job, AtomicInteger attempts, ActorRef<Outcome> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> start(ctx, timers, tool, job, attempts.incrementAndGet(), replyTo)));
  }

  private static Behavior<Command> start(ActorContext<Command> ctx, TimerScheduler<Command> timers, Tool tool, Job job,
      int attempt, ActorRef<Outcome> replyTo) {
    Executor blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
    long started = System.nanoTime();
    BlockingCall<ToolOutput> call = BlockingCall.start(blocking, () -> tool.run(job.call(), job.context()));
    ctx.pipeToSelf(call.result(), (out, err) -> err == null ? new Finished(out) : new Errored(unwrap(err)));
    timers.startSingleTimer(TimedOut.INSTANCE, TimedOut.INSTANCE, job.timeout());
    String callId = job.call().callId();
    String toolName = job.call().tool();
    return Behaviors.receive(Command.class)
        .onMessage(Finished.class, f -> {
          replyTo.tell(new Completed(callId, f.output(), millisSince(started)));
          return Behaviors.stopped();
        })
        .onMessage(Errored.class, e -> onError(e.error(), callId, toolName, attempt, started, replyTo))
        .onMessageEquals(TimedOut.INSTANCE, () -> {
          blocking.execute(() -> cancelQuietly(tool, job.episodeId()));
          call.interrupt();
          replyTo.tell(new Failed(callId, ToolFailureKind.TIMEOUT,
              "the " + toolName + " call timed out after " + seconds(job.timeout()) + " and was stopped", millisSince(started)));
          return Behaviors.stopped();
        })
        .build();
  }

  private static Behavior<Command> onError(Throwable error, String callId, String toolName, int attempt, long started,
      ActorRef<Outcome> replyTo) {
    if (error instanceof ToolFailure f) {
      replyTo.tell(new Failed(callId, ToolFailureKind.TOOL_ERROR, f.getMessage(), millisSince(started)));
      return Behaviors.stopped();
    }
    String reason = "the " + toolName + " tool failed: " + describe(error);
    replyTo.tell(new Crashed(callId, reason, attempt));
    if (error instanceof ToolPermanentFailure || error instanceof Error) throw new ExecutorGaveUp(reason, error);
    throw new ToolCrashed(reason, error);
  }

  private static void cancelQuietly(Tool tool, String episodeId) {
    try {
      tool.cancel(episodeId);
    } catch (RuntimeException ignored) {
      // the call is already abandoned; a failing cancel must not take the dispatcher thread down
    }
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    String msg = t.getMessage();
    String text = t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  private static long millisSince(long nanos) { return (System.nanoTime() - nanos) / 1_000_000; }
}
